"""TransactionConflict as DynamoDB raises it, provoked through the real server: large
transactions and single-item writes racing on the same items until both kinds of conflict
have been seen. A single write that meets an ongoing transaction fails with
TransactionConflictException; a transaction that meets another is cancelled with the reason
TransactionConflict at that item. Nothing a rejected request asked for may be applied."""
import random
import threading
import time

from botocore.exceptions import ClientError

from conftest import make_client

ITEMS = 100
# The server runs requests of one connection on one event loop, and the kernel spreads
# connections over its loops at random: each racing thread rotates over a few connections
# so that some requests surely run side by side on different loops.
CONNECTIONS_PER_THREAD = 3
DEADLINE_S = 90
CONFLICT_MESSAGE = "Transaction is ongoing for the item"


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def add_one(table, i):
    return {"Update": {"TableName": table, "Key": {"pk": s(f"item{i}")},
                       "UpdateExpression": "ADD v :one",
                       "ExpressionAttributeValues": {":one": n(1)}}}


class Observed:
    """What the racing clients saw, shared between their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.committed = [0] * ITEMS  # increments that succeeded, per item
        self.single_conflicts = []    # (HTTP status, message) of TransactionConflictException
        self.cancellations = []       # (message, reasons) of TransactionConflict cancellations
        self.unexpected = []

    def both_seen(self):
        with self.lock:
            return bool(self.single_conflicts) and bool(self.cancellations)


def test_single_writes_and_transactions_on_shared_items_conflict_as_in_dynamodb(
        server, client, table_s):
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table_s, "Item": {"pk": s(f"item{i}"), "v": n(0)}}}
        for i in range(ITEMS)])
    seen = Observed()
    stop = threading.Event()

    def clients():
        return [make_client(server.url) for _ in range(CONNECTIONS_PER_THREAD)]

    def transactions(seed):
        cs, rng = clients(), random.Random(seed)
        while not stop.is_set():
            c = rng.choice(cs)
            # Every item in request order, or a random half shuffled: conflicts then fall at
            # varying positions.
            chosen = list(range(ITEMS)) if seed % 2 == 0 else rng.sample(range(ITEMS), ITEMS // 2)
            try:
                c.transact_write_items(TransactItems=[add_one(table_s, i) for i in chosen])
            except ClientError as e:
                r = e.response
                if r["Error"]["Code"] != "TransactionCanceledException":
                    with seen.lock:
                        seen.unexpected.append(r["Error"])
                    continue
                with seen.lock:
                    seen.cancellations.append((r["Error"]["Message"], r["CancellationReasons"]))
                continue
            with seen.lock:
                for i in chosen:
                    seen.committed[i] += 1

    def single_writes(seed):
        cs, rng = clients(), random.Random(seed)
        while not stop.is_set():
            c = rng.choice(cs)
            i = rng.randrange(ITEMS)
            try:
                c.update_item(TableName=table_s, Key={"pk": s(f"item{i}")},
                              UpdateExpression="ADD v :one",
                              ExpressionAttributeValues={":one": n(1)})
            except ClientError as e:
                r = e.response
                with seen.lock:
                    if r["Error"]["Code"] == "TransactionConflictException":
                        seen.single_conflicts.append(
                            (r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]))
                    else:
                        seen.unexpected.append(r["Error"])
                continue
            with seen.lock:
                seen.committed[i] += 1

    threads = [threading.Thread(target=transactions, args=(k,)) for k in range(3)]
    threads += [threading.Thread(target=single_writes, args=(10 + k,)) for k in range(3)]
    for t in threads:
        t.start()
    started = time.monotonic()
    try:
        while not seen.both_seen() and time.monotonic() - started < DEADLINE_S:
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join()

    assert not seen.unexpected
    assert seen.single_conflicts, "no single write met an ongoing transaction"
    assert seen.cancellations, "no transaction met another ongoing one"
    for status, message in seen.single_conflicts:
        assert (status, message) == (400, CONFLICT_MESSAGE)
    for message, reasons in seen.cancellations:
        codes = [r["Code"] for r in reasons]
        assert len(codes) in (ITEMS, ITEMS // 2)
        # Fail fast: the first item found held is named, every other action is None.
        assert codes.count("TransactionConflict") == 1
        assert set(codes) == {"None", "TransactionConflict"}
        conflict = reasons[codes.index("TransactionConflict")]
        assert conflict["Message"] == CONFLICT_MESSAGE
        assert message == ("Transaction cancelled, please refer cancellation reasons for "
                           f"specific reasons [{', '.join(codes)}]")
    # Every write that succeeded is there, and nothing a rejected one asked for.
    for i in range(ITEMS):
        got = client.get_item(TableName=table_s, Key={"pk": s(f"item{i}")}, ConsistentRead=True)
        assert int(got["Item"]["v"]["N"]) == seen.committed[i], f"item{i}"
