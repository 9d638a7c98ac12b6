package io.rapport.segmentation.messaging;

import io.rapport.segmentation.domain.SegmentExpressions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one CEL environment of the service. */
@ApplicationScoped
public class ExpressionsProducer {
    @Produces
    @Singleton
    SegmentExpressions expressions() {
        return new SegmentExpressions();
    }
}
