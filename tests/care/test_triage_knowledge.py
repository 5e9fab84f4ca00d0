"""The catalogue and policy files: complete, sourced, checked on load, tunable, reviewable."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from vigil.care import triage as triage_package
from vigil.care.triage import (
    Catalogue,
    Level,
    MeaningKind,
    RulesError,
    TriagePolicy,
    catalogue_from_yaml,
    load_catalogue,
    load_policy,
    parse_report,
    policy_from_yaml,
    policy_names,
    stale_items,
    triage,
)
from vigil.errors import VigilError

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "src" / "vigil" / "care" / "rules"
TODAY = dt.date(2026, 11, 25)

REQUIRED_CODES = [
    "breast_lump",
    "chest_wall_nodule",
    "axillary_lump",
    "scar_skin_change",
    "nipple_discharge",
    "arm_swelling",
    "bone_pain",
    "back_pain",
    "limb_weakness",
    "limb_numbness",
    "bladder_bowel_change",
    "cough",
    "breathlessness",
    "chest_pain",
    "jaundice",
    "abdominal_pain",
    "weight_loss",
    "headache",
    "seizure",
    "vision_change",
    "confusion",
    "vaginal_bleeding",
    "fatigue",
    "hot_flushes",
    "joint_pain",
    "neuropathy",
]
REQUIRED_FEATURES = ["wakes_from_sleep", "worse_on_coughing", "worsening", "at_rest", "sudden"]


def catalogue_doc() -> dict[str, Any]:
    return yaml.safe_load((RULES / "symptoms.yaml").read_text())


def policy_doc() -> dict[str, Any]:
    return yaml.safe_load((RULES / "triage-policy-default.yaml").read_text())


def refused(load: Any, doc: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(RulesError) as caught:
        load(yaml.safe_dump(doc))
    return {issue.path: issue.message for issue in caught.value.issues}


def test_catalogue_has_the_required_codes_and_features() -> None:
    catalogue = load_catalogue()
    assert set(REQUIRED_CODES) <= set(catalogue.by_code)
    assert set(REQUIRED_FEATURES) <= set(catalogue.features_by_code)
    kinds = {meaning.kind for symptom in catalogue.symptoms for meaning in symptom.meanings}
    assert kinds >= set(MeaningKind) - {MeaningKind.OTHER}


def test_every_item_has_a_source_and_a_review_date() -> None:
    for document in (catalogue_doc(), policy_doc()):
        lists = [v for v in document.values() if isinstance(v, list)]
        for items in lists:
            for item in items:
                assert isinstance(item["last_reviewed"], dt.date), item
                assert len(item["source"]) > 10, item
    assert len(list(load_policy().reviewed_items())) > 40


def test_tamoxifen_bleeding_is_an_endocrine_effect() -> None:
    bleeding = load_catalogue().by_code["vaginal_bleeding"]
    assert bleeding.meanings[0].kind is MeaningKind.ENDOCRINE_THERAPY_EFFECT
    assert "tamoxifen" in bleeding.meanings[0].text


def test_loading_is_cached() -> None:
    assert load_catalogue() is load_catalogue()
    assert load_policy() is load_policy("default")


def test_catalogue_problems_are_all_reported() -> None:
    doc = catalogue_doc()
    doc["symptoms"][1]["code"] = doc["symptoms"][0]["code"]
    doc["features"][1]["applies_to"] = ["back_pain", "elbow_itch"]
    del doc["symptoms"][2]["source"]
    found = refused(catalogue_from_yaml, doc)
    assert found["symptoms[2].source"] == "is required (missing)"
    doc["symptoms"][2]["source"] = "restored source text"
    found = refused(catalogue_from_yaml, doc)
    assert found == {
        "symptoms[1].code": "is listed twice",
        "features[1].applies_to[1]": "is not a symptom code",
    }


def test_catalogue_refuses_unknown_keys_and_bad_yaml() -> None:
    doc = catalogue_doc()
    doc["symptoms"][0]["colour"] = "red"
    assert "symptoms[0].colour" in refused(catalogue_from_yaml, doc)
    with pytest.raises(RulesError, match="not valid YAML"):
        catalogue_from_yaml("symptoms: [")


def test_policy_is_checked_against_the_catalogue() -> None:
    doc = policy_doc()
    rules = doc["rules"]
    rules[0]["when"]["all"][0]["symptoms"] = ["back_pain", "elbow_itch"]
    rules[1]["when"] = {"symptoms": ["seizure"], "features_any": ["at_rest"]}
    rules[6]["id"] = rules[7]["id"]
    rules[-1]["when"]["all"][1]["fact"] = "on_chocolate"
    doc["persistence"].append(dict(doc["persistence"][0]))
    doc["note_keywords"][0]["rule"] = "URG-LUMP"
    doc["levels"] = doc["levels"][:3]
    found = refused(policy_from_yaml, doc)
    assert found == {
        "rules[0].when.all[0].symptoms[1]": "is not a symptom code",
        "rules[1].when.features_any[0]": "applies to none of the symptoms",
        "rules[7].id": "is used by an earlier rule",
        f"rules[{len(rules) - 1}].when.all[1].fact": "is not a known fact; valid: on_tamoxifen",
        f"persistence[{len(doc['persistence']) - 1}].code": "is listed twice",
        "note_keywords[0].rule": "must name an emergency rule",
        "levels": "advice is needed for every level",
    }


def test_condition_needs_exactly_one_kind() -> None:
    doc = policy_doc()
    doc["rules"][0]["when"] = {"symptoms": ["seizure"], "fact": "on_tamoxifen"}
    doc["rules"][1]["when"] = {"fact": "on_tamoxifen", "severe": True}
    found = refused(policy_from_yaml, doc)
    assert "exactly one of symptoms, fact, all, any" in found["rules[0].when.(condition)"]
    assert "need symptoms" in found["rules[1].when.(condition)"]


def test_unknown_policy_name_lists_the_valid_ones() -> None:
    assert "default" in policy_names()
    with pytest.raises(RulesError, match="valid: default"):
        load_policy("nonexistent")
    with pytest.raises(VigilError):
        load_policy("nonexistent")


def tuned(**changes: Any) -> TriagePolicy:
    doc = policy_doc()
    doc["policy"] = "clinic-a"
    for path, value in changes.items():
        section, key = path.split("__")
        doc[section][key]["value"] = value
    return policy_from_yaml(yaml.safe_dump(doc))


def level_of(symptoms: list[dict[str, Any]], policy: TriagePolicy) -> Level:
    report = parse_report({"reported_on": "2026-11-24", "symptoms": symptoms}, today=TODAY)
    return triage(report, [], None, TODAY, policy=policy).level


def test_a_clinic_can_tune_thresholds_without_code() -> None:
    severe_fatigue = [{"code": "fatigue", "severity": 3}]
    assert level_of(severe_fatigue, load_policy()) is Level.URGENT
    assert level_of(severe_fatigue, tuned(thresholds__severity_escalation_at=4)) is Level.ROUTINE
    doc = policy_doc()
    doc["persistence"][0]["weeks"] = 1  # bone_pain
    shorter = policy_from_yaml(yaml.safe_dump(doc))
    bone = [{"code": "bone_pain", "severity": 1, "started_on": "2026-11-15"}]
    assert level_of(bone, load_policy()) is Level.ROUTINE
    assert level_of(bone, shorter) is Level.URGENT
    spinal = next(r for r in doc["rules"] if r["id"] == "URG-SPINAL-PAIN")
    spinal["level"] = "emergency"  # a clinic may re-level a rule
    relevelled = policy_from_yaml(yaml.safe_dump(doc))
    back = [{"code": "back_pain", "severity": 1, "features": ["wakes_from_sleep"]}]
    assert level_of(back, load_policy()) is Level.URGENT
    assert level_of(back, relevelled) is Level.EMERGENCY


def test_outcome_names_the_policy_and_version() -> None:
    report = parse_report({"reported_on": "2026-11-24", "symptoms": []}, today=TODAY)
    outcome = triage(report, [], None, TODAY, policy=tuned())
    assert (outcome.policy, outcome.policy_version) == ("clinic-a", "1.0.0")


def test_nothing_is_stale_today_and_everything_is_after_a_year() -> None:
    assert stale_items(TODAY) == ()
    later = stale_items(TODAY + dt.timedelta(days=366))
    total = len(list(load_catalogue().reviewed_items())) + len(list(load_policy().reviewed_items()))
    assert len(later) == total
    assert {item.file for item in later} == {"symptoms", "triage-policy-default"}
    assert stale_items(TODAY + dt.timedelta(days=366), max_age_days=400) == ()
    with pytest.raises(VigilError, match="max_age_days"):
        stale_items(TODAY, max_age_days=-1)


def test_stale_items_names_the_old_entry() -> None:
    doc = catalogue_doc()
    doc["symptoms"][3]["last_reviewed"] = dt.date(2024, 1, 31)
    old: Catalogue = catalogue_from_yaml(yaml.safe_dump(doc))
    (item,) = stale_items(TODAY, catalogue=old, policies=())
    assert (item.kind, item.item_id, item.last_reviewed) == (
        "symptom",
        doc["symptoms"][3]["code"],
        dt.date(2024, 1, 31),
    )
    assert item.age_days == (TODAY - dt.date(2024, 1, 31)).days
    assert item.source


def test_docs_describe_every_rule_and_code() -> None:
    text = (ROOT / "docs" / "triage.md").read_text()
    policy = load_policy()
    escalations = policy.escalations
    ids = [rule.id for rule in policy.rules] + [
        escalations.persisting.id,
        escalations.worse.id,
        escalations.severe.id,
        escalations.minor.id,
    ]
    for name in ids + [s.code for s in load_catalogue().symptoms]:
        assert f"`{name}`" in text, name
    for feature in load_catalogue().features:
        assert f"`{feature.code}`" in text, feature.code
    assert "triage-policy-default.yaml" in text


def test_exported_names_are_the_public_ones() -> None:
    module = importlib.import_module("vigil.care.triage")
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("vigil.care.triage")
    }
    assert set(module.__all__) >= public
    for name in module.__all__:
        assert hasattr(module, name), name


CORE = sorted((ROOT / "src" / "vigil" / "care" / "triage").glob("*.py"))


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_is_pure_and_small(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "print"}, f"{path.name} calls {node.func.id}()"
        elif isinstance(node, ast.Attribute) and node.attr in {"today", "now"}:
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            assert name not in {"date", "datetime", "dt", "time"}, f"{path.name} reads the clock"
    shells = ("typer", "rich", "sqlalchemy", "httpx", "vigil.cli", "vigil.store", "vigil.commands")
    assert [name for name in imported if name.startswith(shells)] == []
    assert len(path.read_text().splitlines()) < 400
    assert triage_package.__doc__
