package io.rapport.common.event;

/** Something that happened between the company and the account: published to the interactions topic. */
public sealed interface InteractionEvent extends RapportEvent
        permits Interactions.Meeting,
                Interactions.Call,
                Interactions.Email,
                Interactions.Message,
                Interactions.SupportTicketOpened,
                Interactions.SupportTicketResolved,
                Interactions.SurveyResponse,
                Interactions.ProductUsage,
                Interactions.Complaint,
                Interactions.DeliveryDelayed,
                Interactions.QualityIncident {}
