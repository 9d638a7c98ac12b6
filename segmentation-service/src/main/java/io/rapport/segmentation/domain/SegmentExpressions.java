package io.rapport.segmentation.domain;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles segment expressions written in CEL against the declared variables of {@link AccountFacts},
 * so an unknown attribute, a wrong type or a syntax error is rejected when a definition is saved, with
 * its position; the compiled program then evaluates per account. Thread-safe.
 */
public final class SegmentExpressions {
    /** Longest expression accepted, in code points. */
    public static final int MAX_LENGTH = 4096;

    /** The declared variables and their CEL types; the ADR and README list them. */
    public static final Map<String, CelType> VARIABLES = declared();

    // Map variables whose keys are fixed: a select or constant index with another key is rejected.
    private static final Map<String, List<String>> CLOSED_MAPS = Map.of(
            "components", AccountFacts.COMPONENT_KEYS, "rfm", AccountFacts.RFM_KEYS, "clv", AccountFacts.CLV_KEYS);

    private final Cel cel;

    public SegmentExpressions() {
        var builder = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .maxExpressionCodePointSize(MAX_LENGTH)
                        .maxParseRecursionDepth(64)
                        .comprehensionMaxIterations(1000)
                        .build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        VARIABLES.forEach(builder::addVar);
        this.cel = builder.build();
    }

    /** A compiled, checked expression. */
    public static final class Compiled {
        private final String expression;
        private final CelRuntime.Program program;
        private final Set<String> attributes;

        Compiled(String expression, CelRuntime.Program program, Set<String> attributes) {
            this.expression = expression;
            this.program = program;
            this.attributes = attributes;
        }

        public String expression() {
            return expression;
        }

        /**
         * The declared attributes ({@link #VARIABLES}) the expression reads, from the checked AST: e.g.
         * whether it depends on {@code valueTier}, which moves without a new score.
         */
        public Set<String> attributes() {
            return attributes;
        }

        /**
         * Whether the account matches.
         *
         * @throws EvaluationException when evaluation fails (e.g. a missing indicator key)
         */
        public boolean matches(AccountFacts facts) {
            try {
                return Boolean.TRUE.equals(program.eval(facts.variables()));
            } catch (CelEvaluationException e) {
                throw new EvaluationException(e.getMessage(), e);
            }
        }
    }

    /** An expression failed on one account's facts; the account is then not a member. */
    public static final class EvaluationException extends RuntimeException {
        EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses, type-checks and plans an expression.
     *
     * @throws InvalidExpressionException with every error and its 1-based line and column
     */
    public Compiled compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidExpressionException(List.of(new ExpressionError(1, 1, "expression is empty")));
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = cel.compile(expression).getAst();
        } catch (CelValidationException e) {
            List<ExpressionError> errors = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                errors.add(toError(issue.getSourceLocation(), cleanMessage(issue.getMessage())));
            }
            throw new InvalidExpressionException(errors);
        }
        List<ExpressionError> unknownKeys = unknownKeys(ast);
        if (!unknownKeys.isEmpty()) {
            throw new InvalidExpressionException(unknownKeys);
        }
        try {
            return new Compiled(expression, cel.createProgram(ast), attributes(ast));
        } catch (dev.cel.common.CelException e) {
            throw new InvalidExpressionException(List.of(new ExpressionError(1, 1, e.getMessage())));
        }
    }

    /**
     * The declared variables the checked expression reads: identifiers the checker resolved to a
     * declaration, except those bound by an enclosing macro ({@code tags.exists(valueTier, ...)} reads
     * {@code tags} only, although the checker resolves the loop variable by the same name).
     */
    private static Set<String> attributes(CelAbstractSyntaxTree ast) {
        Set<String> names = new TreeSet<>();
        collectFree(ast, ast.getExpr(), Set.of(), names);
        return java.util.Collections.unmodifiableSet(names);
    }

    private static void collectFree(CelAbstractSyntaxTree ast, CelExpr expr, Set<String> bound, Set<String> into) {
        switch (expr.getKind()) {
            case IDENT -> {
                String name = expr.ident().name();
                if (!bound.contains(name)) {
                    ast.getReference(expr.id())
                            .map(CelReference::name)
                            .filter(VARIABLES::containsKey)
                            .ifPresent(into::add);
                }
            }
            case SELECT -> collectFree(ast, expr.select().operand(), bound, into);
            case CALL -> {
                expr.call().target().ifPresent(t -> collectFree(ast, t, bound, into));
                expr.call().args().forEach(a -> collectFree(ast, a, bound, into));
            }
            case LIST -> expr.list().elements().forEach(e -> collectFree(ast, e, bound, into));
            case STRUCT -> expr.struct().entries().forEach(e -> collectFree(ast, e.value(), bound, into));
            case MAP ->
                expr.map().entries().forEach(e -> {
                    collectFree(ast, e.key(), bound, into);
                    collectFree(ast, e.value(), bound, into);
                });
            case COMPREHENSION -> {
                var c = expr.comprehension();
                collectFree(ast, c.iterRange(), bound, into);
                collectFree(ast, c.accuInit(), bound, into);
                Set<String> inner = new HashSet<>(bound);
                inner.add(c.iterVar());
                if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
                    inner.add(c.iterVar2());
                }
                inner.add(c.accuVar());
                collectFree(ast, c.loopCondition(), inner, into);
                collectFree(ast, c.loopStep(), inner, into);
                collectFree(ast, c.result(), inner, into);
            }
            default -> {}
        }
    }

    private static List<ExpressionError> unknownKeys(CelAbstractSyntaxTree ast) {
        List<ExpressionError> errors = new ArrayList<>();
        CelSource source = ast.getSource();
        CelNavigableExpr.fromExpr(ast.getExpr()).allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            String variable = null;
            String key = null;
            if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
                CelExpr operand = expr.select().operand();
                if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT) {
                    variable = operand.ident().name();
                    key = expr.select().field();
                }
            } else if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                    && "_[_]".equals(expr.call().function())
                    && expr.call().args().size() == 2) {
                CelExpr operand = expr.call().args().get(0);
                CelExpr index = expr.call().args().get(1);
                if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT
                        && index.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && index.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                    variable = operand.ident().name();
                    key = index.constant().stringValue();
                }
            }
            List<String> allowed = variable == null ? null : CLOSED_MAPS.get(variable);
            if (allowed != null && !allowed.contains(key)) {
                Integer offset = source.getPositionsMap().get(expr.id());
                CelSourceLocation location = offset == null
                        ? CelSourceLocation.NONE
                        : source.getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
                errors.add(toError(
                        location,
                        "unknown attribute '" + variable + "." + key + "'; known: " + String.join(", ", allowed)));
            }
        });
        return errors;
    }

    private static ExpressionError toError(CelSourceLocation location, String message) {
        if (location == null || location.equals(CelSourceLocation.NONE)) {
            return new ExpressionError(1, 1, message);
        }
        // CEL's lines are 1-based and its columns 0-based.
        return new ExpressionError(Math.max(location.getLine(), 1), location.getColumn() + 1, message);
    }

    private static String cleanMessage(String message) {
        return message.replaceFirst("^ERROR: <input>:\\d+:\\d+: ", "");
    }

    private static Map<String, CelType> declared() {
        Map<String, CelType> v = new LinkedHashMap<>();
        v.put("accountId", SimpleType.STRING);
        v.put("name", SimpleType.STRING);
        v.put("kind", SimpleType.STRING);
        v.put("industry", SimpleType.STRING);
        v.put("region", SimpleType.STRING);
        v.put("tier", SimpleType.STRING);
        v.put("owningTeam", SimpleType.STRING);
        v.put("tags", ListType.create(SimpleType.STRING));
        v.put("score", SimpleType.DOUBLE);
        v.put("band", SimpleType.STRING);
        v.put("lifecycle", SimpleType.STRING);
        v.put("components", MapType.create(SimpleType.STRING, SimpleType.DOUBLE));
        v.put("rfm", MapType.create(SimpleType.STRING, SimpleType.INT));
        v.put("clv", MapType.create(SimpleType.STRING, SimpleType.DOUBLE));
        v.put("indicators", MapType.create(SimpleType.STRING, SimpleType.DOUBLE));
        v.put("scoreChange7d", SimpleType.DOUBLE);
        v.put("scoreChange30d", SimpleType.DOUBLE);
        v.put("valueTier", SimpleType.STRING);
        return java.util.Collections.unmodifiableMap(v);
    }
}
