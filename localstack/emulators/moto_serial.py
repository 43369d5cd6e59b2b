"""moto's server, one request at a time: what serves DynamoDB and DynamoDB Streams to the tests.

moto's own server (`moto_server`) is threaded, and its DynamoDB is not safe under concurrency: a
conditional PutItem reads, checks and writes with no lock, and TransactWriteItems copies the table and
restores the copy on failure (erasing concurrent writes). Served one request at a time, every request is
atomic, as a conditional write is on DynamoDB. SQS long polls would block this server: they go to the
threaded instance.

That copy of the whole table on every TransactWriteItems makes a transaction cost the table's size: the
naive per-event pipeline the benchmarks compare against (one transaction per event) became quadratic
and grew the server to 20 GB on 100 000 events. Here a transaction keeps a copy of the items it names
(and the length of the table's stream) and restores those on failure: the same outcome, since a
transaction writes nothing else.

moto's Query on a table reads every item of the table (sorted) and then keeps the queried partition's, so a
query's cost grows with the whole table: a step's reads of the state table (its peers' heads, one query each) and a
poll of the view rows slowed as the log grew, and being served one at a time, delayed every other request. Here a
query of a table (not an index) reads its partition's items only, as DynamoDB does: the same items, in the same order.

Usage: python moto_serial.py --host 127.0.0.1 --port PORT
"""
import argparse
import copy
import os
import signal
import sys

from werkzeug.serving import run_simple

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app


class NamedItemsRollback:
    """What a transaction can change, saved before it runs: a copy of each item it names and each table's stream length."""

    def __init__(self, backend: DynamoDBBackend, transact_items: list) -> None:
        self.saved = []
        self.streams = {}
        for entry in transact_items:
            op_type, op = next(iter(entry.items()))
            table = backend.tables[op["TableName"]]
            attrs = op["Item"] if op_type == "Put" else op["Key"]
            hash_value = DynamoType(attrs[table.hash_key_attr])
            range_value = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
            current = table.get_item(hash_value, range_value)
            self.saved.append((table, hash_value, range_value, copy.deepcopy(current)))
            if table.stream_shard is not None:
                self.streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))

    def restore(self) -> None:
        for table, hash_value, range_value, item in reversed(self.saved):
            if range_value is not None:
                if item is None:
                    table.items.get(hash_value, {}).pop(range_value, None)
                else:
                    table.items[hash_value][range_value] = item
            elif item is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = item
        for shard, length in self.streams.values():
            del shard.items[length:]


def roll_back_named_items_only() -> None:
    whole_table_copy = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list) -> None:
        try:
            rollback = NamedItemsRollback(self, transact_items)
        except Exception:  # a malformed request: moto's own path validates it and answers with its error
            return whole_table_copy(self, transact_items)
        Table.__deepcopy__ = lambda table, memo: table  # moto's rollback then puts back the same table object
        try:
            return whole_table_copy(self, transact_items)
        except Exception:
            rollback.restore()
            raise
        finally:
            del Table.__deepcopy__

    DynamoDBBackend.transact_write_items = transact_write_items


def query_reads_its_partition_only() -> None:
    whole_table_items = Table.all_items
    whole_table_query = Table.query

    def all_items(self: Table) -> list:
        partition = getattr(self, "_queried_partition", None)
        if partition is None:
            return whole_table_items(self)
        found = self.items.get(partition)
        if found is None:
            return []
        return sorted(found.values(), key=lambda item: item.range_key) if self.range_key_attr else [found]

    def query(self: Table, hash_key, *args, **kwargs):
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        if index_name is not None or hash_key is None:
            return whole_table_query(self, hash_key, *args, **kwargs)
        self._queried_partition = hash_key  # served one request at a time: no other query sees it
        try:
            return whole_table_query(self, hash_key, *args, **kwargs)
        finally:
            self._queried_partition = None

    Table.all_items = all_items
    Table.query = query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    roll_back_named_items_only()
    query_reads_its_partition_only()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, app, threaded=False, processes=1, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
