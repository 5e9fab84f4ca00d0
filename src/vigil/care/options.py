"""Options explorer: what published sources list for a profile. It informs; it does not recommend.

The options are data (``vigil/care/rules/options.yaml``, schema in
:mod:`vigil.knowledge._options`), each with its trial, regulator status and date, companion
test, source and ``last_reviewed``; facts from trade press carry that label. :func:`options`
compares a patient's facts (or a profile given directly) with each option's stated
conditions and says, for every option, whether the facts match, what is missing, or which
condition they do not meet. Conditions the data only state in words (prior treatments, for
example) are shown, not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from vigil.facts import (
    Germline,
    Her2Category,
    Menopause,
    Patient,
    ReceptorStatus,
    TriState,
    her2_category,
    receptor_status,
)
from vigil.knowledge._options import (
    Approval,
    ApprovalStatus,
    Biomarker,
    Evidence,
    Line,
    Match,
    Option,
    OptionsFile,
    Section,
    approval_label,
    load_options,
    stale_options,
)

__all__ = [
    "Approval",
    "ApprovalStatus",
    "Biomarker",
    "Evidence",
    "FitStatus",
    "Line",
    "Option",
    "OptionFit",
    "OptionsAnswer",
    "OptionsFile",
    "Profile",
    "Section",
    "Subtype",
    "approval_label",
    "load_options",
    "options",
    "profile_from_facts",
    "stale_options",
]


class Subtype(StrEnum):
    """Shorthand profiles; each sets hormone-receptor and HER2 status."""

    HR_POSITIVE_HER2_NEGATIVE = "hr_positive_her2_negative"
    HER2_POSITIVE = "her2_positive"
    HER2_LOW = "her2_low"
    HER2_ULTRALOW = "her2_ultralow"
    TRIPLE_NEGATIVE = "triple_negative"


class FitStatus(StrEnum):
    MATCHES = "matches"
    NEEDS_INFORMATION = "needs_information"
    DOES_NOT_MATCH = "does_not_match"


_SUBTYPES: dict[Subtype, tuple[ReceptorStatus | None, Her2Category]] = {
    Subtype.HR_POSITIVE_HER2_NEGATIVE: (ReceptorStatus.POSITIVE, Her2Category.NEGATIVE),
    Subtype.HER2_POSITIVE: (None, Her2Category.POSITIVE),
    Subtype.HER2_LOW: (None, Her2Category.LOW),
    Subtype.HER2_ULTRALOW: (None, Her2Category.ULTRALOW),
    Subtype.TRIPLE_NEGATIVE: (ReceptorStatus.NEGATIVE, Her2Category.NEGATIVE),
}
# HER2 results that are negative without saying whether low, ultralow or zero.
_HER2_UNSPLIT = {Her2Category.NEGATIVE}
_HER2_NEGATIVE_FAMILY = {
    Her2Category.LOW,
    Her2Category.ULTRALOW,
    Her2Category.ZERO,
    Her2Category.NEGATIVE,
}


@dataclass(frozen=True, slots=True)
class Profile:
    """What the explorer compares: from the facts, then any overrides on top.

    ``has_breast_cancer`` is None when neither facts nor a subtype say; ``biomarkers`` holds
    known results only (absent: not known).
    """

    has_breast_cancer: bool | None = None
    hr: ReceptorStatus = ReceptorStatus.UNKNOWN
    her2: Her2Category = Her2Category.UNKNOWN
    biomarkers: Mapping[Biomarker, bool] = field(default_factory=dict)
    line: Line | None = None
    menopause: Menopause | None = None
    age_years: float | None = None
    prior_vte_or_stroke: TriState | None = None


@dataclass(frozen=True, slots=True)
class OptionFit:
    option: Option
    status: FitStatus
    reasons: tuple[str, ...]
    approval: str


@dataclass(frozen=True, slots=True)
class OptionsAnswer:
    """Every option with how the profile compares; ``notice`` goes with every display."""

    notice: str
    reference: str
    version: str
    profile: Profile
    fits: tuple[OptionFit, ...]

    def section(self, section: Section) -> tuple[OptionFit, ...]:
        """One section's options, those matching first, then needing information."""
        order = list(FitStatus)
        chosen = [fit for fit in self.fits if fit.option.section is section]
        return tuple(sorted(chosen, key=lambda fit: order.index(fit.status)))


def options(
    facts: Patient | None,
    *,
    subtype: Subtype | None = None,
    hr: ReceptorStatus | None = None,
    her2: Her2Category | None = None,
    biomarkers: Mapping[Biomarker, bool] | None = None,
    line: Line | None = None,
    menopausal_status: Menopause | None = None,
    age_years: float | None = None,
    prior_vte_or_stroke: TriState | None = None,
) -> OptionsAnswer:
    """Compare a profile with every option in ``options.yaml``.

    Parameters
    ----------
    facts:
        The patient's facts, or None to describe a profile with the keywords alone. The
        receptor results are those of the first cancer unless ``hr``/``her2`` say otherwise.
    subtype, hr, her2:
        Overrides, applied in that order (``her2_low`` with ``hr=positive``, say).
    biomarkers:
        Known results: ``{Biomarker.ESR1: True}``; absent means not known. A germline BRCA
        result in the facts is used unless given here.
    line:
        ``first`` or ``later`` treatment for recurrent disease; None: not compared.
    menopausal_status, age_years, prior_vte_or_stroke:
        For the risk-reducing drugs; override the facts.

    Returns
    -------
    OptionsAnswer
        Every option with its :class:`FitStatus`, the reasons, and the approval in words.
    """
    profile = profile_from_facts(facts) if facts is not None else Profile()
    if subtype is not None:
        sub_hr, sub_her2 = _SUBTYPES[subtype]
        profile = replace(profile, has_breast_cancer=True, hr=sub_hr or profile.hr, her2=sub_her2)
    if hr is not None or her2 is not None:
        profile = replace(
            profile,
            has_breast_cancer=profile.has_breast_cancer is not False,
            hr=hr or profile.hr,
            her2=her2 or profile.her2,
        )
    profile = replace(
        profile,
        biomarkers={**profile.biomarkers, **(biomarkers or {})},
        line=line,
        menopause=menopausal_status or profile.menopause,
        age_years=profile.age_years if age_years is None else age_years,
        prior_vte_or_stroke=prior_vte_or_stroke or profile.prior_vte_or_stroke,
    )
    catalogue = load_options()
    fits = tuple(_fit(option, profile) for option in catalogue.options)
    return OptionsAnswer(catalogue.notice, catalogue.reference, catalogue.version, profile, fits)


def profile_from_facts(facts: Patient) -> Profile:
    """The profile the facts give: receptors of the first cancer, germline BRCA, menopause."""
    tumour = facts.tumour
    markers: dict[Biomarker, bool] = {}
    germline = set(facts.history.germline)
    if germline & {Germline.BRCA1, Germline.BRCA2}:
        markers[Biomarker.GERMLINE_BRCA] = True
    elif Germline.NONE_FOUND in germline:
        markers[Biomarker.GERMLINE_BRCA] = False
    return Profile(
        has_breast_cancer=tumour is not None,
        hr=_hormone_receptor(receptor_status(tumour.er), receptor_status(tumour.pr))
        if tumour is not None
        else ReceptorStatus.UNKNOWN,
        her2=her2_category(tumour.her2) if tumour is not None else Her2Category.UNKNOWN,
        biomarkers=markers,
        menopause=facts.person.menopausal_status,
        age_years=facts.risk_factors.age_years if facts.risk_factors is not None else None,
        prior_vte_or_stroke=facts.history.prior_vte_or_stroke,
    )


def _hormone_receptor(er: ReceptorStatus, pr: ReceptorStatus) -> ReceptorStatus:
    # Hormone-receptor positive when either ER or PR is (ASCO/CAP 2020 usage).
    if ReceptorStatus.POSITIVE in (er, pr):
        return ReceptorStatus.POSITIVE
    if er is ReceptorStatus.NEGATIVE and pr is ReceptorStatus.NEGATIVE:
        return ReceptorStatus.NEGATIVE
    return ReceptorStatus.UNKNOWN


def _fit(option: Option, profile: Profile) -> OptionFit:
    missing: list[str] = []
    unmet: list[str] = []
    preventive = option.section is Section.PREVENTIVE
    if profile.has_breast_cancer is None:
        missing.append("whether there has been a breast cancer")
    elif preventive and profile.has_breast_cancer:
        unmet.append(
            "these risk-reducing drug guidelines are for people who have not had breast "
            "cancer or DCIS (USPSTF 2019)"
        )
    elif not preventive and not profile.has_breast_cancer:
        unmet.append("no breast cancer recorded")
    if preventive:
        _compare_person(option.match, profile, missing, unmet)
    else:
        _compare_tumour(option.match, profile, missing, unmet)
    reasons = tuple(unmet or missing)
    status = (
        FitStatus.DOES_NOT_MATCH
        if unmet
        else FitStatus.NEEDS_INFORMATION
        if missing
        else FitStatus.MATCHES
    )
    if status is FitStatus.MATCHES:
        reasons = _cautions(option, profile)
    return OptionFit(option, status, reasons, approval_label(option.approval))


def _compare_tumour(match: Match, profile: Profile, missing: list[str], unmet: list[str]) -> None:
    if match.hr != "any":
        if profile.hr is ReceptorStatus.UNKNOWN:
            missing.append("hormone-receptor status (ER and PR)")
        elif profile.hr.value != match.hr:
            unmet.append(f"listed for hormone-receptor {match.hr} cancer")
    if match.her2 is not None:
        _compare_her2(match.her2, profile.her2, missing, unmet)
    for marker in match.biomarkers_all:
        known = profile.biomarkers.get(marker)
        if known is None:
            missing.append(f"test result for {_MARKER_NAMES[marker]}")
        elif not known:
            unmet.append(f"listed for {_MARKER_NAMES[marker]}")
    if match.biomarkers_any:
        known_any = [profile.biomarkers.get(m) for m in match.biomarkers_any]
        names = ", ".join(_MARKER_NAMES[m] for m in match.biomarkers_any[:-1])
        names += f" or {_MARKER_NAMES[match.biomarkers_any[-1]]}"
        if True not in known_any and None in known_any:
            missing.append(f"test result for {names}")
        elif True not in known_any:
            unmet.append(f"listed for {names}")
    if match.lines is not None and profile.line is not None and profile.line not in match.lines:
        unmet.append(f"listed for {' or '.join(line.value for line in match.lines)}-line treatment")


def _compare_her2(
    accepted: tuple[Her2Category, ...], her2: Her2Category, missing: list[str], unmet: list[str]
) -> None:
    wanted = " or ".join(category.value for category in accepted)
    if her2 in accepted:
        return
    if her2 in (Her2Category.UNKNOWN, Her2Category.EQUIVOCAL):
        missing.append("HER2 result (IHC score, and ISH when IHC is 2+)")
    elif her2 in _HER2_UNSPLIT and set(accepted) & _HER2_NEGATIVE_FAMILY:
        missing.append("HER2 IHC score (is it HER2-low, ultralow or zero?)")
    else:
        unmet.append(f"listed for HER2 {wanted}")


def _compare_person(match: Match, profile: Profile, missing: list[str], unmet: list[str]) -> None:
    if match.menopause is not None:
        if profile.menopause in (None, Menopause.UNKNOWN, Menopause.PERI):
            missing.append("menopausal status (before or after menopause)")
        elif profile.menopause not in match.menopause:
            unmet.append("listed only after menopause")
    if match.min_age_years is not None:
        if profile.age_years is None:
            missing.append("age")
        elif profile.age_years < match.min_age_years:
            unmet.append(f"listed from age {match.min_age_years}")
    for flag in match.contraindications:
        if profile.prior_vte_or_stroke is TriState.YES:
            unmet.append("not for anyone with a past blood clot (DVT or PE), stroke or TIA")
        elif profile.prior_vte_or_stroke in (None, TriState.UNKNOWN):
            missing.append(f"history of blood clots, stroke or TIA ({flag})")


def _cautions(option: Option, profile: Profile) -> tuple[str, ...]:
    notes: list[str] = []
    if option.match.cautions and profile.prior_vte_or_stroke is TriState.YES:
        notes.append("past blood clot, stroke or TIA: " + (option.needs_check or "check"))
    if option.match.lines is not None and profile.line is None:
        lines = " or ".join(line.value for line in option.match.lines)
        notes.append(f"listed for {lines}-line treatment")
    return tuple(notes)


_MARKER_NAMES = {
    Biomarker.PIK3CA: "a PIK3CA mutation",
    Biomarker.AKT1: "an AKT1 alteration",
    Biomarker.PTEN: "a PTEN alteration",
    Biomarker.ESR1: "an ESR1 mutation",
    Biomarker.GERMLINE_BRCA: "an inherited (germline) BRCA mutation",
    Biomarker.PDL1_CPS_10: "PD-L1 CPS of 10 or more",
}
