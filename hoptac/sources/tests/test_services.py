import pytest
from django.core.exceptions import ValidationError

from hoptac.agreements.models import Agreement
from hoptac.sources.models import Source
from hoptac.sources.services import create_source, find_source_by_text, link_source, provenance_for

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
TEXT = "Sáng 12/12, hai tỉnh tổ chức hội nghị sơ kết. Kim ngạch đạt 687,4 triệu USD."


def test_source_with_span(agreement: Agreement) -> None:
    source = create_source(
        {"title": "Tin hội nghị", "text": TEXT, "published": "2024-12-12", "url": "https://example.org/a"}
    )
    start = TEXT.index("Kim ngạch")
    link = link_source(agreement, source, start, len(TEXT) - 1)
    assert link.quote == "Kim ngạch đạt 687,4 triệu USD"
    assert link_source(agreement, source, start, len(TEXT) - 1) == link  # idempotent
    assert [p.source for p in provenance_for(agreement)] == [source]
    assert find_source_by_text(TEXT) == source


def test_duplicate_text_is_refused() -> None:
    create_source({"title": "A", "text": TEXT})
    with pytest.raises(ValidationError) as exc:
        create_source({"title": "B", "text": TEXT})
    assert "duplicate" in exc.value.message_dict["text"][0]
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "url": "example"}, "url"),
        ({"title": "x", "published": "2024-00"}, "published"),
    ],
)
def test_bad_source_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        create_source(data)
    assert field in exc.value.message_dict


def test_span_outside_text_or_wrong_quote(agreement: Agreement) -> None:
    source = create_source({"title": "A", "text": TEXT})
    with pytest.raises(ValidationError) as exc:
        link_source(agreement, source, 5, 5000)
    assert "outside" in exc.value.message_dict["end"][0]
    with pytest.raises(ValidationError) as exc:
        link_source(agreement, source, 0, 4, quote="Chiều")
    assert "quote" in exc.value.message_dict
