package io.rapport.localstack.demo;

import java.util.List;
import java.util.SplittableRandom;

/** Names, subjects and labels the demo data draws from; ASCII only, so they make valid e-mail addresses. */
final class DemoVocabulary {
    private DemoVocabulary() {}

    static final List<String> COMPANY_PREFIXES = List.of(
            "Northwind",
            "Bluepeak",
            "Ironbridge",
            "Silverline",
            "Crescent",
            "Harbor",
            "Summit",
            "Redwood",
            "Atlas",
            "Orion",
            "Vertex",
            "Meridian",
            "Evergreen",
            "Granite",
            "Lumen",
            "Cobalt",
            "Falcon",
            "Pioneer",
            "Keystone",
            "Nimbus",
            "Aurora",
            "Sterling",
            "Beacon",
            "Cedar",
            "Helix",
            "Quantum",
            "Solstice",
            "Tidewater",
            "Westfield",
            "Zephyr",
            "Brightwater",
            "Copperfield",
            "Driftwood",
            "Foxglove",
            "Highland",
            "Juniper",
            "Kestrel",
            "Larkspur",
            "Millbrook",
            "Oakridge");

    static final List<String> INDUSTRIES = List.of(
            "manufacturing",
            "retail",
            "healthcare",
            "financial-services",
            "logistics",
            "software",
            "energy",
            "public-sector",
            "telecommunications",
            "food-and-beverage");

    /** A company-name core per industry, same order as {@link #INDUSTRIES}. */
    static final List<List<String>> INDUSTRY_WORDS = List.of(
            List.of("Manufacturing", "Industries", "Components", "Fabrication"),
            List.of("Retail", "Stores", "Outfitters", "Markets"),
            List.of("Health", "Medical", "Care", "Clinics"),
            List.of("Capital", "Finance", "Bank", "Insurance"),
            List.of("Logistics", "Freight", "Transport", "Shipping"),
            List.of("Systems", "Software", "Digital", "Labs"),
            List.of("Energy", "Power", "Renewables", "Utilities"),
            List.of("Council", "Authority", "Services", "Agency"),
            List.of("Telecom", "Networks", "Communications", "Mobile"),
            List.of("Foods", "Brewing", "Dairy", "Provisions"));

    static final List<String> FIRST_NAMES = List.of(
            "Anna", "Lukas", "Sofia", "Mateo", "Priya", "Kenji", "Olivia", "James", "Amelia", "Noah", "Camille",
            "Jonas", "Elena", "Diego", "Mei", "Arjun", "Fatima", "Lars", "Chloe", "Rafael", "Hannah", "Tomas", "Aisha",
            "Ben", "Ingrid", "Marco", "Yuki", "Sara", "Pedro", "Nina", "Oscar", "Leila", "Victor", "Grace");

    static final List<String> LAST_NAMES = List.of(
            "Schmidt",
            "Rossi",
            "Garcia",
            "Smith",
            "Nakamura",
            "Patel",
            "Dubois",
            "Jensen",
            "Kowalski",
            "Silva",
            "Chen",
            "Novak",
            "Murphy",
            "Berg",
            "Costa",
            "Fischer",
            "Tanaka",
            "Lopez",
            "Moreau",
            "Andersson",
            "Okafor",
            "Kim",
            "Hughes",
            "Romano",
            "Svensson",
            "Martins",
            "Weber",
            "Ito",
            "Brown",
            "Nielsen");

    static final List<String> CUSTOMER_ROLES = List.of(
            "CEO",
            "CFO",
            "Head of Procurement",
            "IT Director",
            "Operations Manager",
            "Accounts Payable",
            "Product Owner",
            "Customer Success Lead");

    static final List<String> SUPPLIER_ROLES =
            List.of("Key Account Manager", "Sales Director", "Quality Manager", "Logistics Coordinator", "CFO");

    static final List<String> PARTNER_ROLES =
            List.of("Alliance Manager", "Partner Director", "Solutions Architect", "Channel Sales Lead", "CEO");

    static final List<String> OPTIONAL_TAGS = List.of(
            "multi-site", "self-serve", "enterprise-agreement", "pilot", "eu-data-residency", "reference-customer");

    static final List<String> MEETING_SUBJECTS = List.of(
            "Quarterly business review",
            "Roadmap walkthrough",
            "Onboarding workshop",
            "Contract discussion",
            "Executive sponsor check-in",
            "Integration planning",
            "Training session");

    static final List<String> EMAIL_SUBJECTS = List.of(
            "Follow-up on our call",
            "Question about the latest release",
            "Updated pricing proposal",
            "Meeting notes",
            "Invoice query",
            "Delivery schedule",
            "Feature request",
            "Introduction to our new team member");

    static final List<String> PROSPECT_SUBJECTS =
            List.of("Discovery call", "Product demo", "Trial kick-off", "Proposal review", "Security questionnaire");

    static final List<String> TICKET_SUBJECTS = List.of(
            "Cannot log in",
            "Export fails with an error",
            "Slow dashboard",
            "Wrong totals on report",
            "API returns 500",
            "Request for new user accounts",
            "Integration stopped syncing",
            "Billing address change");

    static final List<String> MESSAGE_CHANNELS = List.of("slack", "teams", "whatsapp", "intercom");

    static final List<String> CUSTOMER_COMPLAINTS = List.of("billing", "service", "product", "delivery", "pricing");

    static final List<String> SUPPLIER_COMPLAINTS = List.of("delivery", "quality", "invoicing");

    static final List<String> REFUND_REASONS =
            List.of("damaged goods", "service credit", "duplicate charge", "returned items");

    static final List<String> DETRACTOR_COMMENTS = List.of(
            "Too many outages this quarter.",
            "Support takes days to answer.",
            "The product does not do what we were promised.",
            "Invoices are hard to reconcile.");

    static final List<String> PROMOTER_COMMENTS = List.of(
            "Great support team, quick answers.",
            "The new features saved us hours every week.",
            "We plan to roll it out to more teams.",
            "Reliable and easy to use.");

    static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
