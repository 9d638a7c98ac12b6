package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A person on the account's side of the relationship. */
public record Contact(
        @NotBlank @Size(max = ID_MAX) String contactId,
        @Size(max = NAME_MAX) String name,
        @Email @Size(max = NAME_MAX) String email,
        @Size(max = NAME_MAX) String role) {}
