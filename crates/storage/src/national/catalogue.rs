//! The fixed parts of the national dataset: rounds, funding streams, the
//! service catalogue and the distributions people are drawn from. The shares
//! are plausible for Italian inclusion programmes (ISTAT household sizes,
//! ESF+ participant profiles), not measured facts.

pub const PROGRAMME: &str = "Programma Nazionale Inclusione — dati sintetici";
pub(crate) const AGENCY: &str = "Direzione Nazionale Inclusione — dati sintetici";
pub(crate) const GENERATOR_EMAIL: &str = "dati-sintetici@filiera.invalid";
/// The day the synthetic story ends: no follow-up is dated after it.
pub(crate) const AS_OF: (i32, u8, u8) = (2026, 1, 31);

/// Number, start, end, share of the participants (per cent).
pub(crate) const ROUNDS: [(i64, &str, &str, u32); 4] = [
    (1, "2023-01-09", "2023-09-29", 22),
    (2, "2023-10-02", "2024-06-28", 25),
    (3, "2024-07-01", "2025-03-31", 26),
    (4, "2025-04-01", "2025-12-19", 27),
];

/// Name, budget (cents), eligibility rule (see `docs/eligibility-rules.md`).
pub(crate) const FUNDING_STREAMS: [(&str, i64, &str); 2] = [
    (
        "Fondo Povertà — reddito minimo",
        180_000_000_000,
        r#"{"all":[{"minimum_income":true},{"age":{"min":18}}]}"#,
    ),
    (
        "FSE+ — Inclusione attiva",
        150_000_000_000,
        r#"{"all":[{"age":{"min":18,"max":64}},{"any":[{"minimum_income":true},{"single_parent":true},{"disability":true},{"employment_status_in":["unemployed","long_term_unemployed","inactive"]}]}]}"#,
    ),
];

pub(crate) struct ServiceSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub unit_cost_cents: i64,
    pub minutes: i64,
    pub weight: u32,
    /// How long an intervention of this service runs, in days.
    pub days: (i64, i64),
}

pub(crate) const SERVICES: [ServiceSpec; 11] = [
    service(
        "TIR",
        "Tirocinio in azienda",
        "internship",
        180_000,
        24_000,
        14,
        (90, 180),
    ),
    service(
        "MUL",
        "Corso carrellisti (muletto)",
        "training_course",
        45_000,
        720,
        6,
        (5, 20),
    ),
    service(
        "ITA",
        "Italiano per stranieri",
        "training_course",
        30_000,
        3_600,
        9,
        (30, 120),
    ),
    service("HAC", "HACCP alimentarista", "training_course", 12_000, 480, 5, (3, 10)),
    service("SIC", "Sicurezza sul lavoro", "training_course", 9_000, 480, 7, (3, 10)),
    service(
        "INF",
        "Informatica di base",
        "training_course",
        25_000,
        2_400,
        7,
        (20, 60),
    ),
    service(
        "SOF",
        "Competenze trasversali",
        "training_course",
        20_000,
        1_800,
        8,
        (20, 60),
    ),
    service(
        "EDM",
        "Educativa domiciliare minori",
        "home_education_minors",
        90_000,
        3_600,
        6,
        (60, 180),
    ),
    service(
        "ADB",
        "Assistenza domiciliare di base",
        "basic_home_care",
        70_000,
        3_000,
        5,
        (60, 180),
    ),
    service(
        "PSI",
        "Supporto psicologico",
        "psychological_support",
        60_000,
        600,
        10,
        (30, 150),
    ),
    service("ORI", "Orientamento ai servizi", "orientation", 8_000, 240, 23, (7, 60)),
];

const fn service(
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    unit_cost_cents: i64,
    minutes: i64,
    weight: u32,
    days: (i64, i64),
) -> ServiceSpec {
    ServiceSpec {
        code,
        name,
        kind,
        unit_cost_cents,
        minutes,
        weight,
        days,
    }
}

/// The activity-register kinds a service's entries are drawn from.
pub(crate) fn entry_kinds(service_kind: &str) -> &'static [(&'static str, u32)] {
    match service_kind {
        "internship" => &[("internship_day", 70), ("meeting", 15), ("phone_call", 10), ("note", 5)],
        "training_course" | "psychological_support" => &[
            ("session_attended", 75),
            ("session_missed", 12),
            ("phone_call", 8),
            ("note", 5),
        ],
        "home_education_minors" | "basic_home_care" => {
            &[("home_visit", 70), ("phone_call", 15), ("meeting", 10), ("note", 5)]
        }
        _ => &[("meeting", 70), ("phone_call", 25), ("note", 5)],
    }
}

pub(crate) const HOUSEHOLD_SIZES: [(u8, u32); 6] = [(1, 30), (2, 22), (3, 18), (4, 16), (5, 9), (6, 5)];

pub(crate) const COUNTRIES: [(&str, u32); 16] = [
    ("IT", 700),
    ("RO", 60),
    ("MA", 45),
    ("AL", 40),
    ("UA", 25),
    ("CN", 15),
    ("PH", 12),
    ("IN", 12),
    ("BD", 12),
    ("EG", 10),
    ("NG", 12),
    ("SN", 12),
    ("PE", 10),
    ("TN", 12),
    ("PK", 10),
    ("BR", 13),
];

/// ISCED 2011 levels 0–8.
pub(crate) const EDUCATION: [(u8, u32); 9] = [
    (0, 30),
    (1, 120),
    (2, 350),
    (3, 320),
    (4, 40),
    (5, 10),
    (6, 80),
    (7, 45),
    (8, 5),
];

pub(crate) const EMPLOYMENT: [(&str, u32); 7] = [
    ("unemployed", 40),
    ("long_term_unemployed", 25),
    ("inactive", 18),
    ("employed", 8),
    ("self_employed", 2),
    ("student", 5),
    ("retired", 2),
];

/// Age at the round's start: band (low, high) and weight.
pub(crate) const AGES: [((i64, i64), u32); 5] = [
    ((18, 24), 14),
    ((25, 34), 22),
    ((35, 44), 24),
    ((45, 54), 24),
    ((55, 64), 16),
];

pub(crate) const FIRST_NAMES_F: [&str; 12] = [
    "Giulia",
    "Sara",
    "Francesca",
    "Anna",
    "Fatima",
    "Elena",
    "Maria",
    "Ioana",
    "Laura",
    "Aisha",
    "Chiara",
    "Olena",
];
pub(crate) const FIRST_NAMES_M: [&str; 12] = [
    "Marco",
    "Luca",
    "Giuseppe",
    "Andrea",
    "Mohamed",
    "Paolo",
    "Ahmed",
    "Ion",
    "Davide",
    "Francesco",
    "Ali",
    "Matteo",
];
pub(crate) const LAST_NAMES: [&str; 16] = [
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Popescu",
    "El Amrani",
    "Hoxha",
    "Conti",
];

pub(crate) const MUNICIPALITIES: [(&str, &str); 20] = [
    ("Roma", "Lazio"),
    ("Milano", "Lombardia"),
    ("Napoli", "Campania"),
    ("Torino", "Piemonte"),
    ("Palermo", "Sicilia"),
    ("Genova", "Liguria"),
    ("Bologna", "Emilia-Romagna"),
    ("Firenze", "Toscana"),
    ("Bari", "Puglia"),
    ("Catania", "Sicilia"),
    ("Venezia", "Veneto"),
    ("Verona", "Veneto"),
    ("Messina", "Sicilia"),
    ("Padova", "Veneto"),
    ("Trieste", "Friuli-Venezia Giulia"),
    ("Brescia", "Lombardia"),
    ("Pisa", "Toscana"),
    ("Cagliari", "Sardegna"),
    ("Reggio Calabria", "Calabria"),
    ("Perugia", "Umbria"),
];

/// Outcomes of projects that closed normally (withdrawals and interruptions have their own).
pub(crate) const OUTCOMES: [(&str, u32); 6] = [
    ("hired_by_host_firm", 14),
    ("hired_elsewhere", 10),
    ("training_completed", 22),
    ("qualification_obtained", 8),
    ("activated_continuing", 26),
    ("referred_to_specialised_service", 5),
];

pub(crate) const FOLLOW_UP_STATUS: [(&str, u32); 7] = [
    ("employed", 30),
    ("self_employed", 3),
    ("unemployed", 35),
    ("long_term_unemployed", 12),
    ("inactive", 15),
    ("student", 3),
    ("retired", 2),
];
