"""Versioned instruments: a new file is a new version; answers keep theirs; forms come from the data."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from td2035.maturity import instruments, services
from td2035.maturity.models import Instrument
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import member_of

pytestmark = pytest.mark.django_db


def _clear() -> None:
    instruments.shipped.cache_clear()
    instruments._read.cache_clear()


@pytest.fixture
def instrument_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copy(instruments.DIR / "eu-dma-sme-v1.json", tmp_path / "eu-dma-sme-v1.json")
    monkeypatch.setattr(instruments, "DIR", tmp_path)
    _clear()
    yield tmp_path
    _clear()


def add_version_2(folder: Path) -> None:
    data: dict[str, Any] = json.loads((folder / "eu-dma-sme-v1.json").read_text())
    data["version"] = 2
    q2 = next(q for q in data["questions"] if q["id"] == "Q2")
    q2["options"].append(
        {
            "id": "digital-champion",
            "text_es": "Tenemos un responsable digital",
            "text_en": "We have a digital champion",
        }
    )
    (folder / "eu-dma-sme-v2.json").write_text(json.dumps(data))
    _clear()


def test_a_new_file_is_a_new_version_and_drafts_keep_theirs(instrument_dir: Path, client: Client) -> None:
    org = CompanyFactory.create()
    person = member_of(org)
    old_draft = services.start_assessment(person, org)
    assert old_draft.version == 1
    add_version_2(instrument_dir)
    assert instruments.latest_version("eu-dma-sme") == 2
    client.force_login(person)
    page = client.get(reverse("maturity:step", args=[org.slug, old_draft.pk, 1])).content.decode()
    assert "digital-champion" not in page  # the draft stays on version 1
    done = services.complete_assessment(person, old_draft)
    new_draft = services.start_assessment(person, org)
    assert (done.version, new_draft.version) == (1, 2)
    page = client.get(reverse("maturity:step", args=[org.slug, new_draft.pk, 1])).content.decode()
    assert 'value="digital-champion"' in page and "Tenemos un responsable digital" in page  # no code change
    services.save_step(person, new_draft, "digital_business_strategy", {"Q2": ["digital-champion"]})
    finished = services.complete_assessment(person, new_draft)
    assert finished.dimension_scores["digital_business_strategy"] == pytest.approx(10 * (0 + 10 / 11) / 2)
    assert set(Instrument.objects.values_list("version", flat=True)) == {1, 2}


def test_a_stored_version_is_read_from_the_database_when_its_file_is_gone(instrument_dir: Path) -> None:
    instruments.sync_instruments()
    add_version_2(instrument_dir)
    (instrument_dir / "eu-dma-sme-v1.json").unlink()
    _clear()
    v1 = instruments.get_instrument("eu-dma-sme", 1)
    assert v1["version"] == 1 and "Q7" in v1["_questions"]
    with pytest.raises(instruments.UnknownInstrument):
        instruments.get_instrument("eu-dma-sme", 9)
