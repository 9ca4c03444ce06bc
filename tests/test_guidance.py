"""Technical guidance: pages current, stale pages detected, JSON Schema in step with the models."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from pm import resources
from pm.definitions.loader import load_definitions
from pm.definitions.models import DatasetSpec, Indicator
from pm.reporting.guidance import guidance_pages, stale_pages

SHIPPED_PM18 = resources.indicators_dir() / "national" / "quantitative" / "PM18.yaml"


def as_json_data(path: Path) -> object:
    """YAML as JSON would carry it: dates become 'YYYY-MM-DD' strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def indicator_schema() -> dict:
    return json.loads(
        (resources.guidance_dir() / "schema" / "indicator.schema.json").read_text(encoding="utf-8")
    )


# ------------------------------------------------------------------------ pm guidance


@pytest.fixture(scope="module")
def hand_edited_copy(tmp_path_factory) -> tuple[Path, str]:
    """A copy of technical_guidance whose PM18 page was edited by hand."""
    copy = tmp_path_factory.mktemp("guidance") / "technical_guidance"
    shutil.copytree(resources.guidance_dir(), copy)
    page = copy / "indicators" / "PM18.md"
    edited = page.read_text(encoding="utf-8") + "\nA hand edit.\n"
    page.write_text(edited, encoding="utf-8")
    return page, edited


@pytest.fixture(scope="module")
def runs(start_pm, hand_edited_copy: tuple[Path, str]) -> dict[str, object]:
    page, _ = hand_edited_copy
    copy = page.parent.parent
    return {
        "repository": start_pm("guidance", "--check"),
        "copy": start_pm("guidance", "--check", "--output", str(copy), cwd=copy.parent),
    }


def test_guidance_check_passes_on_the_repository(runs) -> None:
    result = runs["repository"].result()
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert re.search(r"All \d+ guidance pages are current\.", result.stdout)


def test_guidance_check_reports_a_stale_page_and_writes_nothing(
    runs, hand_edited_copy: tuple[Path, str]
) -> None:
    page, edited = hand_edited_copy
    result = runs["copy"].result()
    assert result.returncode == 1
    shown = page.relative_to(page.parent.parent.parent)  # relative to the folder it ran in
    assert f"{shown}: stale-guidance:" in result.stdout
    assert str(page.parent.parent.parent) not in result.stdout  # no absolute path printed
    assert page.read_text(encoding="utf-8") == edited


def test_editing_a_title_makes_the_indicator_page_stale(tmp_path: Path) -> None:
    indicators = tmp_path / "indicators"
    guidance = tmp_path / "technical_guidance"
    shutil.copytree(resources.indicators_dir(), indicators)
    shutil.copytree(resources.guidance_dir(), guidance)
    page = guidance / "indicators" / "PM18.md"

    def stale() -> set[Path]:
        definitions = load_definitions([indicators], guidance_root=guidance, check=False)
        return {p.path for p in stale_pages(guidance_pages(definitions, guidance))}

    before = stale()
    assert page not in before
    definition = indicators / "national" / "quantitative" / "PM18.yaml"
    text, count = re.subn(
        r"^title: .*$",
        "title: Enquiries finished on time",
        definition.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert count == 1
    definition.write_text(text, encoding="utf-8")

    after = stale()
    assert after - before == {page}


# ------------------------------------------------------------------------ JSON Schema


def test_indicator_schema_file_matches_the_model(indicator_schema: dict) -> None:
    on_disk = dict(indicator_schema)
    on_disk.pop("$schema", None)
    assert on_disk == Indicator.model_json_schema()


def test_dataset_schema_file_matches_the_model() -> None:
    on_disk = json.loads(
        (resources.guidance_dir() / "schema" / "dataset.schema.json").read_text(encoding="utf-8")
    )
    on_disk.pop("$schema", None)
    assert on_disk == DatasetSpec.model_json_schema()


def test_indicator_schema_is_a_valid_json_schema(indicator_schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(indicator_schema)


def test_pm18_validates_against_the_schema(indicator_schema: dict) -> None:
    jsonschema.Draft202012Validator(indicator_schema).validate(as_json_data(SHIPPED_PM18))


def test_a_copy_with_an_unknown_key_fails_the_schema(
    indicator_schema: dict, tmp_path: Path, pm18_text: str, replace_once
) -> None:
    path = tmp_path / "PM18.yaml"
    path.write_text(replace_once(pm18_text, "decimals: 1\n", "decimals: 1\ncolour: red\n"))
    errors = list(jsonschema.Draft202012Validator(indicator_schema).iter_errors(as_json_data(path)))
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "colour" in errors[0].message


@pytest.mark.parametrize(
    "path",
    sorted(resources.indicators_dir().rglob("*.yaml")),
    ids=lambda p: p.stem,
)
def test_every_shipped_definition_validates_against_the_schema(
    indicator_schema: dict, path: Path
) -> None:
    jsonschema.Draft202012Validator(indicator_schema).validate(as_json_data(path))
