"""kill -9 under mixed load: puts, counters, transactions and batches on a table with a GSI
and a stream, from several clients at once; after each restart every acknowledged write
is checked: items, counters (every acknowledged increment, and no more than were tried),
transactions whole or not at all, the GSI's entries and the stream's records.
CAIRN_CRASH_ROUNDS sets the number of kills (make crash-loop runs many)."""
import os
import random
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

from conftest import Server, make_client
from streams_support import make_streams_client, read_stream

ROUNDS = int(os.environ.get("CAIRN_CRASH_ROUNDS", "3"))
CLIENTS = 4


class Ledger:
    """What the server acknowledged, and what was tried without an answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.puts = {}          # pk -> value, acknowledged
        self.counters = {}      # pk -> [acknowledged, tried]
        self.transactions = []  # (pk_a, pk_b, acknowledged)
        self.batches = []       # [pk...], acknowledged


def load(client, table, ledger, worker, stop):
    rng = random.Random(worker)
    n = 0
    counter = f"counter-{worker}"
    while not stop.is_set():
        n += 1
        kind = rng.choice(["put", "put", "counter", "transaction", "batch"])
        try:
            if kind == "put":
                pk = f"put-{worker}-{n}"
                client.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"N": str(n)},
                                                       "g": {"S": f"g-{worker}"}})
                with ledger.lock:
                    ledger.puts[pk] = n
            elif kind == "counter":
                with ledger.lock:
                    ledger.counters.setdefault(counter, [0, 0])[1] += 1
                client.update_item(TableName=table, Key={"pk": {"S": counter}},
                                   UpdateExpression="ADD c :one",
                                   ExpressionAttributeValues={":one": {"N": "1"}})
                with ledger.lock:
                    ledger.counters[counter][0] += 1
            elif kind == "transaction":
                a, b = f"tx-{worker}-{n}-a", f"tx-{worker}-{n}-b"
                entry = [a, b, False]
                with ledger.lock:
                    ledger.transactions.append(entry)
                client.transact_write_items(TransactItems=[
                    {"Put": {"TableName": table, "Item": {"pk": {"S": a}}}},
                    {"Put": {"TableName": table, "Item": {"pk": {"S": b}}}}])
                entry[2] = True
            else:
                keys = [f"batch-{worker}-{n}-{i}" for i in range(5)]
                client.batch_write_item(RequestItems={table: [
                    {"PutRequest": {"Item": {"pk": {"S": k}}}} for k in keys]})
                with ledger.lock:
                    ledger.batches.append(keys)
        except (ClientError, BotoCoreError):
            if stop.is_set():
                return
            time.sleep(0.05)


def exists(client, table, pk):
    return "Item" in client.get_item(TableName=table, Key={"pk": {"S": pk}}, ConsistentRead=True)


def check(client, streams, table, arn, ledger):
    for pk, value in ledger.puts.items():
        item = client.get_item(TableName=table, Key={"pk": {"S": pk}})["Item"]
        assert item["v"] == {"N": str(value)}, pk
    for pk, (acknowledged, tried) in ledger.counters.items():
        item = client.get_item(TableName=table, Key={"pk": {"S": pk}}).get("Item")
        count = int(item["c"]["N"]) if item else 0
        assert acknowledged <= count <= tried, (pk, acknowledged, count, tried)
        ledger.counters[pk] = [count, count]  # what the next round starts from
    for a, b, acknowledged in ledger.transactions:
        got = (exists(client, table, a), exists(client, table, b))
        assert got in ((True, True), (False, False)), (a, got)
        assert got == (True, True) or not acknowledged, a
    for keys in ledger.batches:
        assert all(exists(client, table, k) for k in keys), keys[0]
    for worker in range(CLIENTS):
        indexed = set()
        kwargs = {}
        while True:
            page = client.query(TableName=table, IndexName="by_g",
                                KeyConditionExpression="g = :g",
                                ExpressionAttributeValues={":g": {"S": f"g-{worker}"}}, **kwargs)
            indexed |= {i["pk"]["S"] for i in page["Items"]}
            if "LastEvaluatedKey" not in page:
                break
            kwargs = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
        mine = {pk for pk in ledger.puts if pk.startswith(f"put-{worker}-")}
        assert mine <= indexed, sorted(mine - indexed)[:5]
    recorded = {r["dynamodb"]["Keys"]["pk"]["S"] for r in read_stream(streams, arn)}
    assert set(ledger.puts) <= recorded, sorted(set(ledger.puts) - recorded)[:5]


def test_acknowledged_writes_survive_kill_9_under_mixed_load(tmp_path):
    ledger = Ledger()
    table = "crash_loop"
    srv = Server(data_dir=str(tmp_path)).start()
    client = make_client(srv.url)
    client.create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    rng = random.Random(7)
    try:
        for _ in range(ROUNDS):
            stop = threading.Event()
            workers = [threading.Thread(target=load, args=(make_client(srv.url), table, ledger, w, stop))
                       for w in range(CLIENTS)]
            for w in workers:
                w.start()
            time.sleep(rng.uniform(1.0, 2.5))
            srv.kill()
            stop.set()
            for w in workers:
                w.join()
            srv = Server(data_dir=str(tmp_path)).start()
            client = make_client(srv.url)
            check(client, make_streams_client(srv.url), table, arn, ledger)
        assert ledger.puts and ledger.batches and ledger.transactions, "the load did nothing"
    finally:
        srv.stop()
