package io.rapport.common.testing;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.Locale;
import org.hibernate.validator.HibernateValidator;

/** A Hibernate Validator factory with English messages, as the services' own, for tests outside Quarkus. */
public final class EnglishValidation {
    private EnglishValidation() {}

    /** A new factory; the caller closes it. */
    public static ValidatorFactory factory() {
        return Validation.byProvider(HibernateValidator.class)
                .configure()
                .defaultLocale(Locale.ENGLISH)
                .locales(Locale.ENGLISH)
                .buildValidatorFactory();
    }
}
