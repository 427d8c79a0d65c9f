"""The catalog's drop-down options (申报职称, 申报批次, 评审委员会), the same for everyone, from the cache.

A reviewer's queue offers them on every page; reading and rendering the catalog each time was most
of a queue page's cost. The lists are kept in the shared cache under a generation number that any
change to the catalog moves on (signals below), so every server sees the change at once.
"""

import time

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from titles.models import Batch, Committee, Series, Specialty, Title

GENERATION = "catalog-options:generation"
TIMEOUT = 24 * 3600


def _generation() -> int:
    # A new number each time (never reused after an eviction, so no stale list comes back).
    return cache.get_or_set(GENERATION, time.time_ns, None)


def _cached(name: str, build):
    key = f"catalog-options:{_generation()}:{get_language()}:{name}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found


def title_options(committee_id: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of every title, or of the titles one committee reviews."""

    def build():
        titles = Title.objects.select_related("specialty__series")
        if committee_id is not None:
            titles = titles.filter(committees=committee_id)
        # The same title name exists in several specialties (经济师 in 经济专业, 金融…): each option
        # names its series and specialty, so that every entry is unique.
        return [(title.pk, f"{title.specialty.series.name}·{title.specialty.name}·{title}") for title in titles]

    return _cached(f"titles:{committee_id or 'all'}", build)


def batch_options(committee_id: int | None = None) -> list[tuple[int, str]]:
    def build():
        batches = Batch.objects.select_related("committee")
        if committee_id is not None:
            batches = batches.filter(committee_id=committee_id)
        return [(batch.pk, str(batch)) for batch in batches]

    return _cached(f"batches:{committee_id or 'all'}", build)


def committee_options(committee_id: int | None = None) -> list[tuple[int, str]]:
    def build():
        committees = Committee.objects.all()
        if committee_id is not None:
            committees = committees.filter(pk=committee_id)
        return [(committee.pk, str(committee)) for committee in committees]

    return _cached(f"committees:{committee_id or 'all'}", build)


def forget() -> None:
    """Every cached list is stale: the next request builds them anew."""
    cache.set(GENERATION, time.time_ns(), None)


@receiver([post_save, post_delete], sender=Title)
@receiver([post_save, post_delete], sender=Batch)
@receiver([post_save, post_delete], sender=Committee)
@receiver([post_save, post_delete], sender=Specialty)
@receiver([post_save, post_delete], sender=Series)
@receiver(m2m_changed, sender=Committee.titles.through)
def _catalog_changed(**kwargs) -> None:
    forget()
