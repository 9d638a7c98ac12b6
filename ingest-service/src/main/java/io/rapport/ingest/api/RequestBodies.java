package io.rapport.ingest.api;

import io.rapport.common.runtime.ProblemDetail;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies within the service's own limits, answering 413 problem documents itself. */
final class RequestBodies {
    private RequestBodies() {}

    /**
     * Reads a whole JSON body of at most {@code limit} bytes. A declared {@code Content-Length} over the
     * limit is refused before anything is read.
     */
    static byte[] readLimited(InputStream in, Long contentLength, long limit) {
        if (contentLength != null && contentLength > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(limit, contentLength == null || contentLength < 0 ? 8192 : contentLength));
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new BadRequest(ProblemDetail.of(
                    400, "malformed-json", "Malformed JSON", "the request body could not be read completely"));
        }
        return out.toByteArray();
    }

    static BadRequest tooLarge(long limit) {
        return new BadRequest(ProblemDetail.of(
                413,
                "payload-too-large",
                "Payload too large",
                "the request body exceeds the limit of " + limit
                        + " bytes for JSON; send large volumes as application/x-ndjson"));
    }

    /** Counts the bytes read through it (request size metric of streamed bodies). */
    static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
