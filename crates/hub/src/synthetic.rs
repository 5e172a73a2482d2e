//! Realistic, multilingual synthetic practices for benchmarks (`mhub seed
//! --synthetic N`). Deterministic for a given seed, so runs compare.

use mhub_core::curation::{Outcome, Status};
use mhub_core::practice::{
    Link, OrganisationLink, OrganisationRole, PracticeContent, PracticeText, Reach,
};
use mhub_core::repo::PracticeRecord;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// (ncd code, channel code, per-language title phrase, per-language topic words)
struct Topic {
    ncd: &'static str,
    channels: &'static [&'static str],
    titles: [&'static str; 5],
    summaries: [&'static str; 5],
}

const LANGS: [&str; 5] = ["en", "fr", "de", "ru", "es"];

const TOPICS: [Topic; 8] = [
    Topic {
        ncd: "tobacco",
        channels: &["sms", "mobile_app"],
        titles: [
            "Text messages to quit smoking",
            "SMS pour arrêter de fumer",
            "SMS-Programm zum Rauchstopp",
            "СМС-программа отказа от курения",
            "Mensajes de texto para dejar de fumar",
        ],
        summaries: [
            "Smokers who want to quit receive tailored text messages for six months, with a helpline for relapses.",
            "Les fumeurs qui veulent arrêter reçoivent des SMS personnalisés pendant six mois, avec une ligne d'aide en cas de rechute.",
            "Rauchende, die aufhören wollen, erhalten sechs Monate lang individuelle Textnachrichten und eine Hotline bei Rückfällen.",
            "Курильщики, желающие бросить, получают персонализированные СМС в течение шести месяцев и горячую линию при срыве.",
            "Las personas fumadoras que quieren dejarlo reciben mensajes personalizados durante seis meses y una línea de ayuda ante recaídas.",
        ],
    },
    Topic {
        ncd: "diabetes",
        channels: &["mobile_app", "web"],
        titles: [
            "Diabetes self-management app",
            "Application d'autogestion du diabète",
            "App zum Diabetes-Selbstmanagement",
            "Приложение для самоконтроля диабета",
            "Aplicación de autogestión de la diabetes",
        ],
        summaries: [
            "People with type 2 diabetes log glucose, meals and activity; their primary-care nurse reviews the data and adjusts the plan.",
            "Les personnes atteintes de diabète de type 2 enregistrent glycémie, repas et activité ; l'infirmière de soins primaires ajuste le plan.",
            "Menschen mit Typ-2-Diabetes erfassen Blutzucker, Mahlzeiten und Bewegung; die Pflegekraft der Hausarztpraxis passt den Plan an.",
            "Люди с диабетом 2 типа записывают глюкозу, питание и активность; медсестра первичного звена корректирует план.",
            "Las personas con diabetes tipo 2 registran glucosa, comidas y actividad; la enfermera de atención primaria ajusta el plan.",
        ],
    },
    Topic {
        ncd: "cardiovascular",
        channels: &["telemonitoring_device", "mobile_app"],
        titles: [
            "Heart failure telemonitoring",
            "Télésurveillance de l'insuffisance cardiaque",
            "Telemonitoring bei Herzinsuffizienz",
            "Телемониторинг сердечной недостаточности",
            "Telemonitorización de la insuficiencia cardiaca",
        ],
        summaries: [
            "Patients discharged after heart failure send daily weight and blood pressure from home; alerts reach a cardiology nurse.",
            "Les patients sortis après une insuffisance cardiaque transmettent poids et tension chaque jour ; les alertes parviennent à une infirmière de cardiologie.",
            "Nach Herzinsuffizienz entlassene Patienten senden täglich Gewicht und Blutdruck; Alarme gehen an eine kardiologische Pflegekraft.",
            "Пациенты после выписки с сердечной недостаточностью ежедневно передают вес и давление; сигналы получает кардиологическая медсестра.",
            "Los pacientes dados de alta por insuficiencia cardiaca envían cada día peso y tensión; las alertas llegan a una enfermera de cardiología.",
        ],
    },
    Topic {
        ncd: "chronic_respiratory",
        channels: &["telemonitoring_device", "video_consultation"],
        titles: [
            "COPD remote rehabilitation",
            "Réadaptation à distance de la BPCO",
            "COPD-Telerehabilitation",
            "Дистанционная реабилитация при ХОБЛ",
            "Rehabilitación a distancia de la EPOC",
        ],
        summaries: [
            "People with COPD follow pulmonary rehabilitation by video with a physiotherapist and report symptoms with a pulse oximeter.",
            "Les personnes atteintes de BPCO suivent une réadaptation respiratoire en vidéo avec un kinésithérapeute.",
            "Menschen mit COPD absolvieren die Lungenrehabilitation per Video mit Physiotherapie und melden Symptome mit einem Pulsoximeter.",
            "Люди с ХОБЛ проходят лёгочную реабилитацию по видеосвязи с физиотерапевтом и сообщают симптомы с пульсоксиметром.",
            "Las personas con EPOC siguen la rehabilitación respiratoria por vídeo con fisioterapia y comunican síntomas con un pulsioxímetro.",
        ],
    },
    Topic {
        ncd: "cancer",
        channels: &["sms", "patient_portal"],
        titles: [
            "Cervical screening reminders",
            "Rappels de dépistage du cancer du col",
            "Erinnerungen an die Gebärmutterhalskrebs-Vorsorge",
            "Напоминания о скрининге рака шейки матки",
            "Recordatorios de cribado de cáncer de cuello uterino",
        ],
        summaries: [
            "Women due for cervical screening get text reminders and can book online; uptake is tracked by district.",
            "Les femmes concernées reçoivent des rappels par SMS et peuvent prendre rendez-vous en ligne.",
            "Frauen mit fälliger Vorsorge erhalten SMS-Erinnerungen und können online einen Termin buchen.",
            "Женщины, которым пора пройти скрининг, получают СМС-напоминания и записываются онлайн.",
            "Las mujeres a las que les toca el cribado reciben recordatorios por SMS y pueden pedir cita en línea.",
        ],
    },
    Topic {
        ncd: "mental_health",
        channels: &["web", "chatbot"],
        titles: [
            "Guided online therapy for depression",
            "Thérapie en ligne guidée contre la dépression",
            "Begleitete Online-Therapie bei Depression",
            "Онлайн-терапия депрессии с сопровождением",
            "Terapia en línea guiada para la depresión",
        ],
        summaries: [
            "Adults with mild to moderate depression follow an internet-delivered CBT course with weekly feedback from a psychologist.",
            "Des adultes souffrant de dépression légère à modérée suivent une TCC en ligne avec un retour hebdomadaire d'un psychologue.",
            "Erwachsene mit leichter bis mittelschwerer Depression absolvieren eine internetbasierte KVT mit wöchentlicher Rückmeldung.",
            "Взрослые с лёгкой и умеренной депрессией проходят онлайн-курс КПТ с еженедельной обратной связью психолога.",
            "Adultos con depresión leve o moderada siguen una TCC por internet con comentarios semanales de un psicólogo.",
        ],
    },
    Topic {
        ncd: "healthy_ageing_multimorbidity",
        channels: &["telemonitoring_device", "ivr_voice"],
        titles: [
            "Home monitoring for older people with multimorbidity",
            "Suivi à domicile des personnes âgées polypathologiques",
            "Häusliches Monitoring für ältere Menschen mit Multimorbidität",
            "Домашний мониторинг пожилых людей с мультиморбидностью",
            "Seguimiento domiciliario de personas mayores con pluripatología",
        ],
        summaries: [
            "Older people living alone answer daily automated calls; a community nurse visits when answers or sensor data raise concern.",
            "Des personnes âgées vivant seules répondent à des appels automatisés quotidiens ; une infirmière se déplace en cas d'alerte.",
            "Allein lebende ältere Menschen beantworten tägliche automatische Anrufe; bei Auffälligkeiten kommt eine Gemeindepflegekraft.",
            "Пожилые люди, живущие одни, отвечают на ежедневные автоматические звонки; при тревожных ответах приходит медсестра.",
            "Personas mayores que viven solas responden a llamadas automáticas diarias; una enfermera acude si hay señales de alarma.",
        ],
    },
    Topic {
        ncd: "cardiovascular",
        channels: &["mobile_app", "telemonitoring_device"],
        titles: [
            "Hypertension home blood-pressure programme",
            "Programme d'automesure tensionnelle",
            "Blutdruck-Selbstmessung bei Hypertonie",
            "Программа домашнего контроля давления при гипертонии",
            "Programa de automedida de la presión arterial",
        ],
        summaries: [
            "People with hypertension measure blood pressure at home with a connected cuff; the GP titrates medication remotely.",
            "Les personnes hypertendues mesurent leur tension à domicile avec un brassard connecté ; le médecin ajuste le traitement à distance.",
            "Menschen mit Bluthochdruck messen zu Hause mit einer vernetzten Manschette; die Hausärztin passt die Medikation an.",
            "Люди с гипертонией измеряют давление дома подключённой манжетой; врач корректирует лечение дистанционно.",
            "Las personas con hipertensión se miden la tensión en casa con un manguito conectado; el médico ajusta la medicación a distancia.",
        ],
    },
];

const PLACES: [&str; 12] = [
    "North", "South", "East", "West", "Central", "Coastal", "Highland", "Lake", "River", "Capital",
    "Valley", "Border",
];
const CDHI: [&str; 8] = [
    "1.1.1", "1.1.2", "1.4.1", "1.4.2", "2.1.1", "2.3.1", "2.4.1", "2.5.1",
];
const EVIDENCE: [&str; 5] = [
    "none_reported",
    "descriptive_observational",
    "controlled_before_after",
    "rct",
    "systematic_review",
];

pub struct Generator {
    rng: StdRng,
    countries: Vec<String>,
}

impl Generator {
    pub fn new(seed: u64, countries: &[String]) -> Self {
        Generator {
            rng: StdRng::seed_from_u64(seed),
            countries: countries.to_vec(),
        }
    }

    pub fn practice(&mut self, n: usize) -> PracticeRecord {
        let rng = &mut self.rng;
        let topic = &TOPICS[rng.random_range(0..TOPICS.len())];
        let lang_i = rng.random_range(0..LANGS.len());
        let country = self.countries[rng.random_range(0..self.countries.len())].clone();
        let place = PLACES[rng.random_range(0..PLACES.len())];
        let region = format!("{place} {country} region");
        let mut content = PracticeContent {
            original_language: LANGS[lang_i].to_string(),
            country: country.clone(),
            regions: if rng.random_bool(0.6) {
                vec![region.clone()]
            } else {
                Vec::new()
            },
            organisations: vec![OrganisationLink {
                name: format!("{place} Health Service {}", n % 997),
                role: OrganisationRole::Owner,
                country: None,
            }],
            ncd_focus: vec![topic.ncd.to_string()],
            channels: topic.channels.iter().map(|c| c.to_string()).collect(),
            cdhi_v1: vec![CDHI[rng.random_range(0..CDHI.len())].to_string()],
            stage: Some(rng.random_range(1..=10).to_string()),
            start_date: Some(rng.random_range(2008..=2026).to_string()),
            reach: Reach {
                users: Some(rng.random_range(50..500_000)),
                ..Default::default()
            },
            links: vec![Link {
                url: format!("https://example.org/practices/{n}"),
                title: None,
                kind: "website".into(),
            }],
            ..Default::default()
        };
        content.evidence.level = Some(EVIDENCE[rng.random_range(0..EVIDENCE.len())].to_string());
        content.texts.insert(
            LANGS[lang_i].to_string(),
            PracticeText {
                title: format!("{} — {place} #{n}", topic.titles[lang_i]),
                summary: topic.summaries[lang_i].to_string(),
                description: format!(
                    "{}\n\n{}",
                    topic.summaries[lang_i],
                    topic.summaries[(lang_i + 1) % 5]
                ),
                ..Default::default()
            },
        );
        // A third of the records carry an English translation, as real submissions often do.
        if lang_i != 0 && rng.random_bool(0.33) {
            content.texts.insert(
                "en".into(),
                PracticeText {
                    title: format!("{} — {place} #{n}", topic.titles[0]),
                    summary: topic.summaries[0].into(),
                    ..Default::default()
                },
            );
        }
        let published = rng.random_bool(0.9);
        PracticeRecord {
            slug: format!("synthetic-{n}"),
            status: if published {
                Status::Published
            } else {
                Status::Draft
            },
            outcome: if published && rng.random_bool(0.3) {
                Some(Outcome::Promising)
            } else {
                None
            },
            content,
        }
    }
}
