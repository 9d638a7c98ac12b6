package io.rapport.alert.domain.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Alertmanager's UTF-8 matcher parser ({@code matcher/parse}): an optional pair of braces around a
 * comma-separated list of {@code name op value}, where names and values are either double-quoted
 * Go strings or unquoted UTF-8 runs without reserved characters. Error messages follow
 * Alertmanager's, with {@code start:end} code-point columns.
 */
public final class MatcherParser {

    private MatcherParser() {}

    /** Parses zero or more matchers, e.g. {@code {foo="bar", env=~"prod|staging"}}. */
    public static List<Matcher> parseMatchers(String input) {
        return new Parser(input).parse();
    }

    /** Parses exactly one matcher. */
    public static Matcher parseMatcher(String input) {
        List<Matcher> ms = parseMatchers(input);
        if (ms.isEmpty()) {
            throw new MatcherParseException("no matchers");
        }
        if (ms.size() > 1) {
            throw new MatcherParseException("expected 1 matcher, found " + ms.size());
        }
        return ms.get(0);
    }

    private enum Kind {
        EOF,
        OPEN_BRACE,
        CLOSE_BRACE,
        COMMA,
        EQUALS,
        NOT_EQUALS,
        MATCHES,
        NOT_MATCHES,
        QUOTED,
        UNQUOTED
    }

    private record Token(Kind kind, String value, int colStart, int colEnd) {}

    /** Lexer errors carry their own message; parser errors wrap them with context. */
    private static final class LexError extends Exception {
        private static final long serialVersionUID = 1L;

        LexError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Lexer {
        private final int[] cps;
        private int pos;
        private Token peeked;
        private LexError error;

        Lexer(String input) {
            this.cps = input.codePoints().toArray();
        }

        int column() {
            return pos;
        }

        Token peek() throws LexError {
            if (peeked == null) {
                peeked = next();
            }
            return peeked;
        }

        Token scan() throws LexError {
            Token t = peek();
            peeked = null;
            return t;
        }

        private Token next() throws LexError {
            if (error != null) {
                throw error;
            }
            try {
                return lex();
            } catch (LexError e) {
                error = e;
                throw e;
            }
        }

        private Token lex() throws LexError {
            while (pos < cps.length && isSpace(cps[pos])) {
                pos++;
            }
            if (pos >= cps.length) {
                return new Token(Kind.EOF, "", pos, pos);
            }
            int start = pos;
            int c = cps[pos];
            switch (c) {
                case '{':
                    pos++;
                    return new Token(Kind.OPEN_BRACE, "{", start, pos);
                case '}':
                    pos++;
                    return new Token(Kind.CLOSE_BRACE, "}", start, pos);
                case ',':
                    pos++;
                    return new Token(Kind.COMMA, ",", start, pos);
                case '=':
                    pos++;
                    if (pos < cps.length && cps[pos] == '~') {
                        pos++;
                        return new Token(Kind.MATCHES, "=~", start, pos);
                    }
                    return new Token(Kind.EQUALS, "=", start, pos);
                case '!':
                    pos++;
                    if (pos >= cps.length) {
                        throw new LexError(start + ":" + pos + ": unexpected end of input, expected one of '=~'");
                    }
                    if (cps[pos] == '=') {
                        pos++;
                        return new Token(Kind.NOT_EQUALS, "!=", start, pos);
                    }
                    if (cps[pos] == '~') {
                        pos++;
                        return new Token(Kind.NOT_MATCHES, "!~", start, pos);
                    }
                    throw new LexError(
                            start + ":" + pos + ": " + Character.toString(cps[pos]) + ": expected one of '=~'");
                case '"':
                    return quoted(start);
                default:
                    if (isReserved(c)) {
                        throw new LexError(
                                start + ":" + (start + 1) + ": " + Character.toString(c) + ": invalid input");
                    }
                    while (pos < cps.length && !isReserved(cps[pos])) {
                        pos++;
                    }
                    return new Token(Kind.UNQUOTED, text(start, pos), start, pos);
            }
        }

        private Token quoted(int start) throws LexError {
            pos++;
            boolean escaped = false;
            while (pos < cps.length) {
                int c = cps[pos++];
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    return new Token(Kind.QUOTED, text(start, pos), start, pos);
                }
            }
            throw new LexError(start + ":" + pos + ": " + text(start, pos) + ": missing end \"");
        }

        private String text(int from, int to) {
            return new String(cps, from, to - from);
        }

        private static boolean isSpace(int c) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
        }

        private static boolean isReserved(int c) {
            return isSpace(c) || "{}!=~,\\\"'`".indexOf(c) >= 0;
        }
    }

    private static final class Parser {
        private final Lexer lexer;
        private final List<Matcher> matchers = new ArrayList<>();
        private boolean hasOpenBrace;

        Parser(String input) {
            this.lexer = new Lexer(input);
        }

        List<Matcher> parse() {
            try {
                parseOpenBrace();
            } catch (LexError e) {
                throw new MatcherParseException(e.getMessage());
            }
            return List.copyOf(matchers);
        }

        private void parseOpenBrace() throws LexError {
            Token t = lexer.peek();
            if (t.kind() == Kind.EOF) {
                parseEof();
                return;
            }
            if (t.kind() == Kind.OPEN_BRACE) {
                lexer.scan();
                hasOpenBrace = true;
            }
            t = lexer.peek();
            if (t.kind() == Kind.EOF || t.kind() == Kind.CLOSE_BRACE) {
                parseCloseBrace();
                return;
            }
            parseMatcherList();
        }

        private void parseMatcherList() throws LexError {
            while (true) {
                parseOneMatcher();
                // End of matcher: a comma, a close brace or the end of input.
                Token t = expectPeek("expected a comma or close brace", Kind.COMMA, Kind.CLOSE_BRACE);
                if (t == null || t.kind() == Kind.CLOSE_BRACE) {
                    parseCloseBrace();
                    return;
                }
                lexer.scan();
                t = expectPeek(
                        "expected a matcher or close brace after comma", Kind.CLOSE_BRACE, Kind.UNQUOTED, Kind.QUOTED);
                if (t == null || t.kind() == Kind.CLOSE_BRACE) {
                    parseCloseBrace();
                    return;
                }
            }
        }

        private void parseOneMatcher() throws LexError {
            Token nameTok = expect("expected label name", Kind.QUOTED, Kind.UNQUOTED);
            String name = unquote(nameTok);
            Token op = expect(
                    "expected an operator such as '=', '!=', '=~' or '!~'",
                    Kind.EQUALS,
                    Kind.NOT_EQUALS,
                    Kind.MATCHES,
                    Kind.NOT_MATCHES);
            MatchType type = switch (op.kind()) {
                case EQUALS -> MatchType.EQUAL;
                case NOT_EQUALS -> MatchType.NOT_EQUAL;
                case MATCHES -> MatchType.REGEXP;
                default -> MatchType.NOT_REGEXP;
            };
            Token valueTok = expect("expected label value", Kind.UNQUOTED, Kind.QUOTED);
            String value = unquote(valueTok);
            try {
                matchers.add(Matcher.of(type, name, value));
            } catch (IllegalArgumentException e) {
                throw new LexError("failed to create matcher: " + e.getMessage());
            }
        }

        private void parseCloseBrace() throws LexError {
            if (hasOpenBrace) {
                Token t;
                try {
                    t = lexer.peek();
                } catch (LexError e) {
                    throw new LexError(lexer.column() + ": " + e.getMessage() + ": expected close brace");
                }
                if (t.kind() != Kind.CLOSE_BRACE) {
                    String what = t.kind() == Kind.EOF
                            ? "end of input"
                            : t.colStart() + ":" + t.colEnd() + ": unexpected " + t.value();
                    throw new LexError("0:" + lexer.column() + ": " + what + ": expected close brace");
                }
                lexer.scan();
            } else {
                Token t = lexer.peek();
                if (t.kind() == Kind.CLOSE_BRACE) {
                    lexer.scan();
                    throw new LexError("0:" + lexer.column() + ": }: expected opening brace");
                }
            }
            parseEof();
        }

        private void parseEof() throws LexError {
            Token t;
            try {
                t = lexer.scan();
            } catch (LexError e) {
                throw new LexError(e.getMessage() + ": expected end of input");
            }
            if (t.kind() != Kind.EOF) {
                throw new LexError(t.colStart() + ":" + t.colEnd() + ": " + t.value() + ": expected end of input");
            }
        }

        /** Peeks the next token; null at end of input; error when it is not one of the kinds. */
        private Token expectPeek(String context, Kind... kinds) throws LexError {
            Token t;
            try {
                t = lexer.peek();
            } catch (LexError e) {
                throw new LexError(e.getMessage() + ": " + context);
            }
            if (t.kind() == Kind.EOF) {
                return null;
            }
            for (Kind k : kinds) {
                if (t.kind() == k) {
                    return t;
                }
            }
            throw new LexError(t.colStart() + ":" + t.colEnd() + ": unexpected " + t.value() + ": " + context);
        }

        private Token expect(String context, Kind... kinds) throws LexError {
            Token t = expectPeek(context, kinds);
            if (t == null) {
                throw new LexError("end of input: " + context);
            }
            lexer.scan();
            return t;
        }

        private String unquote(Token t) throws LexError {
            if (t.kind() != Kind.QUOTED) {
                return t.value();
            }
            String s = goUnquote(t.value());
            if (s == null) {
                throw new LexError(t.colStart() + ":" + t.colEnd() + ": " + t.value() + ": invalid input");
            }
            return s;
        }
    }

    /** Go's {@code strconv.Unquote} for double-quoted strings, plus a strict UTF-8 check; null if invalid. */
    static String goUnquote(String quoted) {
        String s = quoted.substring(1, quoted.length() - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == '"') {
                return null;
            }
            if (c != '\\') {
                int cp = s.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= s.length()) {
                return null;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > s.length()) {
                        return null;
                    }
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(s.substring(i, i + len), 16);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += len;
                    if (e == 'x') {
                        out.write(v);
                    } else {
                        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                            return null;
                        }
                        byte[] bytes = new String(Character.toChars(v)).getBytes(StandardCharsets.UTF_8);
                        out.write(bytes, 0, bytes.length);
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        if (i + 2 > s.length()) {
                            return null;
                        }
                        int v;
                        try {
                            v = Integer.parseInt(s.substring(i - 1, i + 2), 8);
                        } catch (NumberFormatException ex) {
                            return null;
                        }
                        if (v > 255) {
                            return null;
                        }
                        i += 2;
                        out.write(v);
                    } else {
                        return null;
                    }
                }
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException ex) {
            return null;
        }
    }
}
