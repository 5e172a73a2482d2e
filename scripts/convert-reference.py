#!/usr/bin/env python3
"""Convert the sourced reference data (../shared/data) into the project's own files.

Run from the repository root when the shared data changes:
    python3 scripts/convert-reference.py ../shared/data
Then raise REFERENCE_VERSION below so running Hubs upgrade in place.
Writes data/reference/reference.json and data/reference/demo-practices.json.
The Hub never reads ../shared: only these outputs, embedded into the binary.
"""
import json
import sys
from pathlib import Path

REFERENCE_VERSION = 2
LANGS = ["en", "fr", "de", "ru", "es"]

src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = Path("data/reference")
out.mkdir(parents=True, exist_ok=True)

countries = json.loads((src / "countries.json").read_text())
tax = json.loads((src / "taxonomies.json").read_text())
practices = json.loads((src / "practices.json").read_text())

# Source vocabulary key -> the Hub's vocabulary name.
VOCABS = {
    "ncd_focus": "ncd_focus",
    "channels": "channel",
    "cdhi_v1": "cdhi_v1",
    "cdhi_v2": "cdhi_v2",
    "health_system_challenges_v2": "health_system_challenge",
    "application_types_v2": "application_type",
    "implementation_stages": "implementation_stage",
    "evidence_levels": "evidence_level",
    "lifecycle": "lifecycle",
}

# Project-written vocabularies (labels written for the Hub).
EXTRA = {
    "interoperability_standard": [
        ("hl7_fhir", {"en": "HL7 FHIR"}),
        ("hl7_v2", {"en": "HL7 v2"}),
        ("hl7_cda", {"en": "HL7 CDA"}),
        ("ihe_xds", {"en": "IHE XDS"}),
        ("ihe_pcd", {"en": "IHE PCD (device data)"}),
        ("ihe_pdq_pix", {"en": "IHE PIX/PDQ"}),
        ("snomed_ct", {"en": "SNOMED CT"}),
        ("loinc", {"en": "LOINC"}),
        ("icd_10", {"en": "ICD-10"}),
        ("icd_11", {"en": "ICD-11"}),
        ("openehr", {"en": "openEHR"}),
        ("dicom", {"en": "DICOM"}),
        ("continua", {"en": "Continua / IEEE 11073"}),
        ("ehds_eehrxf", {"en": "European EHR exchange format (EEHRxF)"}),
    ],
    "government_investment": [
        ("none", {"en": "None", "fr": "Aucun", "de": "Keine", "ru": "Нет", "es": "Ninguna"}),
        ("partial", {"en": "Partial", "fr": "Partiel", "de": "Teilweise", "ru": "Частичное", "es": "Parcial"}),
        ("full", {"en": "Full", "fr": "Total", "de": "Vollständig", "ru": "Полное", "es": "Total"}),
    ],
}

# Project-written translations of vocabularies the sources give in English only.
TRANSLATIONS = {
    ("implementation_stage", "1"): {"fr": "Opportunité et idéation", "de": "Chance und Ideenfindung", "ru": "Возможности и формирование идеи", "es": "Oportunidad e ideación"},
    ("implementation_stage", "2"): {"fr": "Préparation et cadrage", "de": "Vorbereitung und Abgrenzung", "ru": "Подготовка и определение рамок", "es": "Preparación y delimitación"},
    ("implementation_stage", "3"): {"fr": "Analyse et conception", "de": "Analyse und Gestaltung", "ru": "Анализ и проектирование", "es": "Análisis y diseño"},
    ("implementation_stage", "4"): {"fr": "Planification de la mise en œuvre", "de": "Umsetzungsplanung", "ru": "Планирование внедрения", "es": "Planificación de la implantación"},
    ("implementation_stage", "5"): {"fr": "Développement ou adaptation de la solution", "de": "Entwicklung oder Anpassung der Lösung", "ru": "Разработка или адаптация решения", "es": "Desarrollo o adaptación de la solución"},
    ("implementation_stage", "6"): {"fr": "Pilote et production de données probantes", "de": "Pilotierung und Evidenzgewinnung", "ru": "Пилотирование и сбор доказательств", "es": "Pilotaje y generación de evidencia"},
    ("implementation_stage", "7"): {"fr": "Formalisation et plaidoyer", "de": "Bündelung und Fürsprache", "ru": "Оформление и продвижение", "es": "Consolidación e incidencia"},
    ("implementation_stage", "8"): {"fr": "Déploiement", "de": "Einführung", "ru": "Развёртывание", "es": "Despliegue"},
    ("implementation_stage", "9"): {"fr": "Passage à l'échelle", "de": "Ausweitung", "ru": "Масштабирование", "es": "Ampliación de escala"},
    ("implementation_stage", "10"): {"fr": "Transfert ou achèvement", "de": "Übergabe oder Abschluss", "ru": "Передача или завершение", "es": "Traspaso o finalización"},
    ("evidence_level", "none_reported"): {"fr": "Aucune évaluation publiée", "de": "Keine Evaluation berichtet", "ru": "Оценка не представлена", "es": "Sin evaluación publicada"},
    ("evidence_level", "descriptive_observational"): {"fr": "Descriptive / observationnelle", "de": "Deskriptiv / beobachtend", "ru": "Описательные / наблюдательные данные", "es": "Descriptiva / observacional"},
    ("evidence_level", "controlled_before_after"): {"fr": "Avant-après contrôlée / quasi expérimentale", "de": "Kontrollierte Vorher-Nachher-Studie / quasi-experimentell", "ru": "Контролируемое исследование «до и после» / квазиэксперимент", "es": "Antes-después controlado / cuasiexperimental"},
    ("evidence_level", "rct"): {"fr": "Essai contrôlé randomisé", "de": "Randomisierte kontrollierte Studie", "ru": "Рандомизированное контролируемое исследование", "es": "Ensayo controlado aleatorizado"},
    ("evidence_level", "systematic_review"): {"fr": "Revue systématique / méta-analyse", "de": "Systematische Übersichtsarbeit / Metaanalyse", "ru": "Систематический обзор / метаанализ", "es": "Revisión sistemática / metaanálisis"},
}

terms = []
for key, vocab in VOCABS.items():
    for i, t in enumerate(tax[key]):
        terms.append({
            "vocabulary": vocab,
            "code": t["code"],
            "parent": t.get("parent"),
            "position": t.get("order", t.get("rank", i + 1)) if key not in ("cdhi_v1", "cdhi_v2", "health_system_challenges_v2", "application_types_v2") else i + 1,
            "level": t.get("level"),
            "labels": {**{k: v for k, v in t["label"].items() if v}, **TRANSLATIONS.get((vocab, t["code"]), {})},
        })
for vocab, items in EXTRA.items():
    for i, (code, labels) in enumerate(items):
        terms.append({"vocabulary": vocab, "code": code, "parent": None, "position": i + 1, "level": None, "labels": labels})

cdhi_map = []
for row in tax["cdhi_v1_to_v2"]:
    for target in row.get("targets", []):
        cdhi_map.append({"v1": row["v1"], "v2": target["code"]})

reference = {
    "version": REFERENCE_VERSION,
    "countries": [
        {
            "iso2": c["iso2"],
            "iso3": c["iso3"],
            "numeric": c["iso_numeric"],
            "names": {l: c["name"][l] for l in LANGS},
            "eu_member": c["eu_member"],
        }
        for c in countries
    ],
    "terms": terms,
    "cdhi_map": cdhi_map,
}
(out / "reference.json").write_text(json.dumps(reference, ensure_ascii=False, indent=1) + "\n")

v1_to_v2 = {}
for m in cdhi_map:
    v1_to_v2.setdefault(m["v1"], []).append(m["v2"])

demo = []
for p in practices:
    lang = p.get("language_of_summary") or "en"
    texts = {lang: {"title": p["name"], "summary": p["summary"] or ""}}
    for l, tr in (p.get("translations") or {}).items():
        texts[l] = {"title": tr.get("name") or p["name"], "summary": tr.get("summary") or ""}
    v2 = []
    for code in p["cdhi_v1"]:
        for t in v1_to_v2.get(code, []):
            if t not in v2:
                v2.append(t)
    links = []
    if p.get("url"):
        links.append({"url": p["url"], "kind": "website"})
    for s in p.get("sources") or []:
        if s != p.get("url"):
            links.append({"url": s, "kind": "source"})
    content = {
        "original_language": lang,
        "texts": texts,
        "country": p["country"],
        "regions": [p["region"]] if p.get("region") else [],
        "organisations": [{"name": p["organisation"], "role": "owner"}] if p.get("organisation") else [],
        "ncd_focus": p["ncd_focus"],
        "cdhi_v1": p["cdhi_v1"],
        "cdhi_v2": v2,
        "channels": p["channels"],
        "lifecycle": p.get("lifecycle"),
        "stage": p.get("implementation_stage"),
        "start_date": str(p["start_year"]) if p.get("start_year") else None,
        "end_date": str(p["end_year"]) if p.get("end_year") else None,
        "reach": {"note": p["reach"]} if p.get("reach") else {},
        "evidence": {"note": p["evidence"]} if p.get("evidence") else {},
        "funding": {"reimbursed": p["reimbursed"]} if p.get("reimbursed") is not None else {},
        "licensing": {"open_source": p["open_source"]} if p.get("open_source") is not None else {},
        "links": links,
        "notes": p.get("notes"),
    }
    content = {k: v for k, v in content.items() if v is not None}
    demo.append({"slug": p["id"], "status": "published", "content": content})
(out / "demo-practices.json").write_text(json.dumps(demo, ensure_ascii=False, indent=1) + "\n")
print(f"{len(reference['countries'])} countries, {len(terms)} terms, {len(cdhi_map)} CDHI mappings, {len(demo)} demo practices")
