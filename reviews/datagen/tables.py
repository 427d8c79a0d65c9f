"""Writing generated rows fast: PostgreSQL COPY when on PostgreSQL, bulk_create otherwise.

Rows get their ids here, before they are written, so rows that point at each other (an attachment at
its section row, a frozen submission at both) are built in one pass without reading anything back.
Nothing else may write to the same tables meanwhile: the generator is meant for a database of its own.
"""

import json
import queue
import threading

from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max


class Table:
    """The rows of one model waiting to be written, with the columns they give."""

    def __init__(self, model: type[models.Model], keys: tuple[str, ...], copy: bool):
        self.model, self.keys, self.copy = model, keys, copy
        self.rows: list[tuple] = []
        self.written = 0
        fields = {field.attname: field for field in model._meta.concrete_fields}
        for key in keys:
            if key not in fields:
                raise FieldDoesNotExist(f"{model.__name__} has no column {key}")
        # A column added to the model later: its default, so the generator keeps working.
        missing = [field for name, field in fields.items() if name not in keys]
        for field in missing:
            if not field.has_default() and not field.null and not field.blank:
                raise FieldDoesNotExist(f"{model.__name__}.{field.name} needs a value the generator does not give")
        self.extra_keys = tuple(field.attname for field in missing)
        self.extra = tuple(field.get_default() for field in missing)
        self.json_at = [i for i, key in enumerate(keys) if isinstance(fields[key], models.JSONField)]
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def new_id(self) -> int:
        pk, self.next_id = self.next_id, self.next_id + 1
        return pk

    def add(self, values: tuple) -> None:
        if self.copy and self.json_at:
            values = list(values)
            for i in self.json_at:
                values[i] = json.dumps(values[i], ensure_ascii=False, separators=(",", ":"))
        self.rows.append(tuple(values))

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        self.written += len(rows)
        return rows

    def write(self, rows: list[tuple]) -> None:
        """Write `rows` on this thread's connection, inside the caller's transaction."""
        if not rows:
            return
        if not self.copy:
            names = self.keys + self.extra_keys
            objects = [self.model(**dict(zip(names, row + self.extra, strict=True))) for row in rows]
            self.model.objects.bulk_create(objects, batch_size=500)
            return
        quote = connection.ops.quote_name
        fields = {field.attname: field.column for field in self.model._meta.concrete_fields}
        columns = ", ".join(quote(fields[key]) for key in self.keys + self.extra_keys)
        extra = tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in self.extra)
        with connection.cursor() as cursor:
            sql = f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row + extra)


class Tables:
    """Every table being filled. flush() writes what they hold in one transaction, in the order they were declared.

    On PostgreSQL a writer thread with its own connection does the COPY while the next chunk is being
    generated (the two cores: one generates, the database works on the other); at most one chunk waits.
    """

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self.tables: dict[type[models.Model], Table] = {}
        self.queue: queue.Queue | None = None
        self.error: BaseException | None = None
        if self.copy:
            self.queue = queue.Queue(maxsize=1)
            self.thread = threading.Thread(target=self._writer, name="generate-data-writer", daemon=True)
            self.thread.start()

    def declare(self, model: type[models.Model], keys: tuple[str, ...]) -> Table:
        table = self.tables[model] = Table(model, keys, self.copy)
        return table

    def flush(self) -> None:
        work = [(table, table.take()) for table in self.tables.values()]
        if self.queue is None:
            self._write(work)
            return
        self._raise()
        self.queue.put(work)

    def wait(self) -> None:
        """Return once everything flushed so far is committed."""
        if self.queue is not None:
            self.queue.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise RuntimeError("writing generated rows failed") from self.error

    def _write(self, work) -> None:
        with transaction.atomic():
            if self.copy and self._may_skip_triggers():
                # Foreign keys are checked by triggers, one query per row: a third of the load time. The rows
                # are checked together, set-wise, by check_foreign_keys() at the end instead.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for table, rows in work:
                table.write(rows)

    def _writer(self) -> None:
        try:
            while True:
                work = self.queue.get()
                if work is None:  # finish(): nothing more to write
                    self.queue.task_done()
                    return
                try:
                    if self.error is None:
                        self._write(work)
                except BaseException as error:  # handed to the generating thread at its next flush
                    self.error = error
                finally:
                    self.queue.task_done()
        finally:
            connection.close()

    def _may_skip_triggers(self) -> bool:
        if not hasattr(self, "_superuser"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
                self._superuser = cursor.fetchone()[0]
        return self._superuser

    def check_foreign_keys(self) -> None:
        """Every reference written points at a row (what the skipped triggers would have checked)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self.tables:
                for field in model._meta.concrete_fields:
                    if not field.is_relation or not field.db_constraint:
                        continue
                    child, column = quote(model._meta.db_table), quote(field.column)
                    parent = quote(field.related_model._meta.db_table)
                    key = quote(field.target_field.column)
                    cursor.execute(
                        f"SELECT c.{column} FROM {child} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                        f"(SELECT 1 FROM {parent} p WHERE p.{key} = c.{column}) LIMIT 1"  # (names from the models)
                    )
                    missing = cursor.fetchone()
                    if missing:
                        raise RuntimeError(f"{model.__name__}.{field.name} = {missing[0]} points at no row")

    def finish(self) -> None:
        """Wait for the writer, move the id sequences past the ids given out, refresh the planner's statistics."""
        self.wait()
        if self.queue is not None:
            self.queue.put(None)
            self.thread.join()
        models_ = list(self.tables)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
        if not self.copy:
            return
        if self._may_skip_triggers():
            self.check_foreign_keys()
        # VACUUM too: freshly copied rows get their hint bits and visibility map now, not during a benchmark.
        if connection.in_atomic_block:
            return  # VACUUM cannot run inside a transaction (a caller's, or a test's)
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models_)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
