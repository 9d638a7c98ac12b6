package io.rapport.common.event.validation;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.rapport.common.event.Interactions.SurveyResponse;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A survey score lies on its survey's scale (NPS 0–10, CSAT 1–5); reported on the {@code score} field. */
@Documented
@Constraint(validatedBy = ScoreWithinScale.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ScoreWithinScale {
    String message() default "must be within the survey's scale";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the violation on the score field, naming the scale's bounds. */
    class Validator implements ConstraintValidator<ScoreWithinScale, SurveyResponse> {
        @Override
        public boolean isValid(SurveyResponse value, ConstraintValidatorContext context) {
            if (value == null || value.survey() == null || value.score() == null) {
                return true; // @NotNull on the fields reports these
            }
            int score = value.score();
            if (score >= value.survey().min() && score <= value.survey().max()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be between "
                            + value.survey().min() + " and " + value.survey().max() + " for a "
                            + value.survey().wireName() + " survey")
                    .addPropertyNode("score")
                    .addConstraintViolation();
            return false;
        }
    }
}
