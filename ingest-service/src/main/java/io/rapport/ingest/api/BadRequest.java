package io.rapport.ingest.api;

import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.ws.rs.WebApplicationException;

/** A request refused as a whole, answered with its problem document. */
class BadRequest extends WebApplicationException {
    BadRequest(ProblemDetail problem) {
        super(problem.detail(), ProblemDetailMappers.problem(problem));
    }
}
