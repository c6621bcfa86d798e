"""Durability: every write Cairn acknowledged survives a crash (SIGKILL) and a clean stop,
and an --in-memory server keeps nothing across restarts.

Each test starts its own servers (never the session one) on a temporary data directory.
"""
import contextlib
import json
import random
import threading
import time

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import Server, make_client, raw_request

TABLE = "durable_items"
OTHER_TABLE = "durable_on_demand"
DROPPED_TABLE = "durable_dropped"
TAGS = [{"Key": "env", "Value": "test"}, {"Key": "owner", "Value": "cairn durability"}]


@contextlib.contextmanager
def running(data_dir=None, extra_args=()):
    """A started Server that is killed on the way out if the test left it running."""
    srv = Server(data_dir=data_dir, extra_args=extra_args).start()
    try:
        yield srv
    finally:
        if srv.alive():
            srv.kill()


def raw_json(srv, operation, body):
    response = raw_request(srv.url, operation, json.dumps(body))
    assert response.status_code == 200, f"{operation}: {response.status_code} {response.text}"
    return response.json()


def describe(srv, name):
    """DescribeTable as the server sent it (botocore drops members it does not know)."""
    return raw_json(srv, "DescribeTable", {"TableName": name})["Table"]


# ---------------------------------------------------------------------------------------
# A deterministic workload and the state it should leave behind.
# ---------------------------------------------------------------------------------------


def random_text(rng):
    return "".join(rng.choice("abcdefghij \u00e9\u4e2d") for _ in range(rng.randint(0, 40)))


def make_item(rng, pk, sk):
    """An item using every attribute type, with numbers already in canonical form."""
    item = {
        "pk": {"S": pk},
        "sk": {"N": str(sk)},
        "s": {"S": random_text(rng)},
        "n": {"N": rng.choice(["0", "-7", "3.25", "12345678901234567890", "0.001", "-1.5"])},
        "b": {"B": bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 32)))},
        "bool": {"BOOL": rng.random() < 0.5},
        "null": {"NULL": True},
        "ss": {"SS": sorted({f"v{rng.randint(0, 99)}" for _ in range(rng.randint(1, 5))})},
        "ns": {"NS": sorted({str(rng.randint(-50, 50)) for _ in range(rng.randint(1, 5))})},
        "bs": {"BS": sorted({bytes([rng.randint(0, 255), i]) for i in range(rng.randint(1, 3))})},
        "l": {"L": [{"S": "x"}, {"N": str(rng.randint(0, 9))}, {"L": [{"NULL": True}]}]},
        "m": {"M": {"inner": {"M": {"deep": {"S": pk}}}, "count": {"N": str(sk)}}},
    }
    if rng.random() < 0.2:
        item["big"] = {"S": "z" * rng.randint(1000, 50000)}
    return item


def canonical(value):
    """An attribute value (or item) with sets made order-insensitive, for comparison."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("SS", "NS", "BS"):
                out[k] = frozenset(v)
            else:
                out[k] = canonical(v)
        return out
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def key_of(item):
    return {"pk": item["pk"], "sk": item["sk"]}


def key_id(key):
    return (key["pk"]["S"], key["sk"]["N"])


class Workload:
    """Writes through one client and records what each acknowledged write leaves behind:
    expected[key] is the item, or None for a deleted key."""

    def __init__(self, client, seed):
        self.client = client
        self.rng = random.Random(seed)
        self.expected = {}

    def put(self, item):
        self.client.put_item(TableName=TABLE, Item=item)
        self.expected[key_id(item)] = item

    def delete(self, key):
        self.client.delete_item(TableName=TABLE, Key=key)
        self.expected[key_id(key)] = None

    def batch(self, puts=(), deletes=()):
        requests_ = [{"PutRequest": {"Item": i}} for i in puts]
        requests_ += [{"DeleteRequest": {"Key": k}} for k in deletes]
        response = self.client.batch_write_item(RequestItems={TABLE: requests_})
        assert not response.get("UnprocessedItems"), response["UnprocessedItems"]
        for item in puts:
            self.expected[key_id(item)] = item
        for key in deletes:
            self.expected[key_id(key)] = None

    def live_keys(self):
        return [k for k, v in self.expected.items() if v is not None]

    def run(self, prefix, n_put=150, n_batches=8):
        """A few hundred writes: single puts, batched puts, overwrites, single and batched
        deletes, and mixed batches."""
        rng = self.rng
        for i in range(n_put):
            self.put(make_item(rng, f"{prefix}-p{i % 37}", i))
        for b in range(n_batches):
            self.batch(puts=[make_item(rng, f"{prefix}-b{b}", j) for j in range(25)])
        # Overwrites of existing keys with new contents.
        for k in rng.sample(self.live_keys(), 40):
            self.put(make_item(rng, k[0], int(k[1])))
        # Single deletes, including one of a key that never existed.
        for k in rng.sample(self.live_keys(), 30):
            self.delete({"pk": {"S": k[0]}, "sk": {"N": k[1]}})
        self.delete({"pk": {"S": f"{prefix}-never"}, "sk": {"N": "1"}})
        # Batched deletes.
        for _ in range(2):
            keys = rng.sample(self.live_keys(), 20)
            self.batch(deletes=[{"pk": {"S": k[0]}, "sk": {"N": k[1]}} for k in keys])
        # Mixed batches: new items, overwrites and deletes together.
        for m in range(3):
            live = rng.sample(self.live_keys(), 10)
            puts = [make_item(rng, f"{prefix}-mix{m}", j) for j in range(8)]
            puts += [make_item(rng, k[0], int(k[1])) for k in live[:5]]
            deletes = [{"pk": {"S": k[0]}, "sk": {"N": k[1]}} for k in live[5:]]
            self.batch(puts=puts, deletes=deletes)
        # Finally: delete then re-put one key, and put then delete another.
        k = self.live_keys()[0]
        self.delete({"pk": {"S": k[0]}, "sk": {"N": k[1]}})
        self.put(make_item(rng, k[0], int(k[1])))
        self.put(make_item(rng, f"{prefix}-last", 0))
        self.delete({"pk": {"S": f"{prefix}-last"}, "sk": {"N": "0"}})
        self.put(make_item(rng, f"{prefix}-final", 1))  # the last acknowledged write


def verify_items(client, expected):
    """Every acknowledged write is visible, every deleted key is gone."""
    missing, wrong, resurrected = [], [], []
    for (pk, sk), item in expected.items():
        got = client.get_item(
            TableName=TABLE, Key={"pk": {"S": pk}, "sk": {"N": sk}}, ConsistentRead=True
        ).get("Item")
        if item is None:
            if got is not None:
                resurrected.append((pk, sk))
        elif got is None:
            missing.append((pk, sk))
        elif canonical(got) != canonical(item):
            wrong.append((pk, sk))
    assert not missing, f"{len(missing)} acknowledged items lost, e.g. {missing[:5]}"
    assert not wrong, f"{len(wrong)} items changed, e.g. {wrong[:5]}"
    assert not resurrected, f"{len(resurrected)} deleted items came back, e.g. {resurrected[:5]}"

    # The same through BatchGetItem, 100 keys at a time.
    keys = [{"pk": {"S": pk}, "sk": {"N": sk}} for (pk, sk) in expected]
    found = {}
    for i in range(0, len(keys), 100):
        response = client.batch_get_item(RequestItems={TABLE: {"Keys": keys[i : i + 100]}})
        assert not response.get("UnprocessedKeys"), response["UnprocessedKeys"]
        for item in response["Responses"][TABLE]:
            found[key_id(item)] = item
    live = {k: v for k, v in expected.items() if v is not None}
    assert set(found) == set(live), (
        f"BatchGetItem: missing {sorted(set(live) - set(found))[:5]}, "
        f"unexpected {sorted(set(found) - set(live))[:5]}"
    )


def create_tables(srv, client):
    """The workload table (provisioned, tagged, hash + range key), a second on-demand
    table, and one that is created and then dropped."""
    client.create_table(
        TableName=TABLE,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
        Tags=TAGS,
    )
    client.create_table(
        TableName=OTHER_TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "B"}],
        BillingMode="PAY_PER_REQUEST",
        TableClass="STANDARD_INFREQUENT_ACCESS",
    )
    client.put_item(TableName=OTHER_TABLE, Item={"id": {"B": b"\x00\x01"}, "v": {"N": "1"}})
    client.create_table(
        TableName=DROPPED_TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName=DROPPED_TABLE, Item={"pk": {"S": "gone"}})
    client.delete_table(TableName=DROPPED_TABLE)
    # Acknowledged table-level changes: a tag added and removed, throughput raised,
    # deletion protection switched on.
    arn = client.describe_table(TableName=TABLE)["Table"]["TableArn"]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "temporary", "Value": "x"}])
    client.untag_resource(ResourceArn=arn, TagKeys=["temporary"])
    client.update_table(
        TableName=TABLE, ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 7}
    )
    raw_json(srv, "UpdateTable", {"TableName": OTHER_TABLE, "DeletionProtectionEnabled": True})
    return arn


def verify_tables(srv, client, arn, before=None):
    """The catalog after a restart: both tables listed, the dropped one gone, and (given
    the descriptions from before the restart) each description exactly as it was."""
    names = client.list_tables()["TableNames"]
    assert TABLE in names and OTHER_TABLE in names, names
    assert DROPPED_TABLE not in names, names
    with pytest.raises(ClientError) as e:
        client.describe_table(TableName=DROPPED_TABLE)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    table = describe(srv, TABLE)
    assert table["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert sorted(table["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"},
    ]
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert table["TableArn"] == arn
    assert table["TableStatus"] == "ACTIVE"
    tags = client.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == TAGS

    other = describe(srv, OTHER_TABLE)
    assert other["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert other["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "B"}]
    assert other["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert other["DeletionProtectionEnabled"] is True
    assert other["ItemCount"] == 1

    if before is not None:
        assert table == before[TABLE], "DescribeTable changed across the restart"
        assert other == before[OTHER_TABLE], "DescribeTable changed across the restart"
    item = client.get_item(TableName=OTHER_TABLE, Key={"id": {"B": b"\x00\x01"}})["Item"]
    assert item == {"id": {"B": b"\x00\x01"}, "v": {"N": "1"}}


def populate(srv, seed=1):
    client = make_client(srv.url)
    arn = create_tables(srv, client)
    workload = Workload(client, seed)
    workload.run("w")
    live = len(workload.live_keys())
    assert live > 200, live
    before = {TABLE: describe(srv, TABLE), OTHER_TABLE: describe(srv, OTHER_TABLE)}
    assert before[TABLE]["ItemCount"] == live
    return arn, workload.expected, before


# ---------------------------------------------------------------------------------------
# Tests.
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("flags", [(), ("--sync",)], ids=["default", "sync"])
def test_sigkill_after_last_acknowledged_write(tmp_path, flags):
    data_dir = str(tmp_path / "data")
    with running(data_dir, flags) as srv:
        client = make_client(srv.url)
        arn = create_tables(srv, client)
        workload = Workload(client, seed=7)
        workload.run("k")
        srv.kill()  # nothing between the last acknowledged write and the kill
        assert srv.process.returncode == -9
    with running(data_dir, flags) as srv:
        client = make_client(srv.url)
        verify_items(client, workload.expected)
        live = len(workload.live_keys())
        assert describe(srv, TABLE)["ItemCount"] == live, "phantom or lost items after the crash"
        verify_tables(srv, client, arn)


def test_sigkill_keeps_descriptions_identical(tmp_path):
    """DescribeTable (ids, dates, throughput, counts, sizes) reads the same after a crash."""
    data_dir = str(tmp_path / "data")
    with running(data_dir) as srv:
        arn, expected, before = populate(srv, seed=3)
        srv.kill()
    with running(data_dir) as srv:
        client = make_client(srv.url)
        verify_tables(srv, client, arn, before)
        verify_items(client, expected)


def test_repeated_crashes_accumulate(tmp_path):
    """Write, crash, restart, write more, crash again: nothing from any round is lost."""
    data_dir = str(tmp_path / "data")
    with running(data_dir) as srv:
        client = make_client(srv.url)
        arn = create_tables(srv, client)
        workload = Workload(client, seed=11)
        workload.run("r0", n_put=60, n_batches=3)
        srv.kill()
    for round_ in range(1, 4):
        with running(data_dir) as srv:
            workload.client = make_client(srv.url)
            verify_items(workload.client, workload.expected)
            workload.run(f"r{round_}", n_put=60, n_batches=3)
            srv.kill()
    with running(data_dir) as srv:
        client = make_client(srv.url)
        verify_items(client, workload.expected)
        assert describe(srv, TABLE)["ItemCount"] == len(workload.live_keys())
        assert sorted(client.list_tags_of_resource(ResourceArn=arn)["Tags"],
                      key=lambda t: t["Key"]) == TAGS


def test_sigkill_during_concurrent_writes(tmp_path):
    """Writers run on several connections while the server is killed. Each write that was
    answered 200 must be there after the restart; a write cut off by the kill may or may
    not be, but if it is, it is whole."""
    data_dir = str(tmp_path / "data")
    acked = {}  # pk -> item, written and answered 200
    attempted = {}  # pk -> item, sent (maybe answered, maybe cut off)
    lock = threading.Lock()
    stop = threading.Event()

    def writer(url, w):
        session = requests.Session()
        rng = random.Random(w)
        i = 0
        while not stop.is_set():
            pk = f"c{w}-{i}"
            i += 1
            item = {"pk": {"S": pk}, "sk": {"N": "0"},
                    "payload": {"S": "p" * rng.randint(1, 5000)}, "n": {"N": str(i)}}
            with lock:
                attempted[pk] = item
            try:
                response = session.post(
                    url + "/",
                    data=json.dumps({"TableName": TABLE, "Item": item}),
                    headers={"Content-Type": "application/x-amz-json-1.0",
                             "X-Amz-Target": "DynamoDB_20120810.PutItem"},
                    timeout=10,
                )
            except requests.RequestException:
                return  # the server is gone
            if response.status_code == 200:
                with lock:
                    acked[pk] = item

    with running(data_dir) as srv:
        client = make_client(srv.url)
        create_tables(srv, client)
        threads = [threading.Thread(target=writer, args=(srv.url, w)) for w in range(4)]
        for t in threads:
            t.start()
        deadline = time.time() + 10
        while len(acked) < 300 and time.time() < deadline:
            time.sleep(0.01)
        srv.kill()  # mid-flight: the writers are still sending
        stop.set()
        for t in threads:
            t.join(timeout=15)
        assert not any(t.is_alive() for t in threads)
    assert len(acked) >= 300, f"only {len(acked)} writes were acknowledged"

    with running(data_dir) as srv:
        client = make_client(srv.url)
        lost, torn = [], []
        for pk, item in attempted.items():
            got = client.get_item(
                TableName=TABLE, Key={"pk": {"S": pk}, "sk": {"N": "0"}}, ConsistentRead=True
            ).get("Item")
            if got is None:
                if pk in acked:
                    lost.append(pk)
            elif got != item:
                torn.append(pk)
        assert not lost, f"{len(lost)} acknowledged writes lost, e.g. {lost[:5]}"
        assert not torn, f"{len(torn)} items read back different, e.g. {torn[:5]}"
        count = describe(srv, TABLE)["ItemCount"]
        assert len(acked) <= count <= len(attempted)


def test_clean_stop_then_restart_keeps_data(tmp_path):
    data_dir = str(tmp_path / "data")
    with running(data_dir) as srv:
        arn, expected, before = populate(srv, seed=5)
        srv.stop()  # SIGTERM: a clean shutdown
        assert srv.process.returncode == 0, f"cairn exited with {srv.process.returncode}"
    with running(data_dir) as srv:
        client = make_client(srv.url)
        verify_items(client, expected)
        verify_tables(srv, client, arn, before)
        # And it still takes writes after the restart.
        client.put_item(TableName=TABLE, Item={"pk": {"S": "after"}, "sk": {"N": "1"}})
        srv.stop()
        assert srv.process.returncode == 0
    with running(data_dir) as srv:
        client = make_client(srv.url)
        got = client.get_item(TableName=TABLE, Key={"pk": {"S": "after"}, "sk": {"N": "1"}})
        assert got["Item"] == {"pk": {"S": "after"}, "sk": {"N": "1"}}


def test_data_dir_is_created_if_missing(tmp_path):
    data_dir = str(tmp_path / "not" / "yet" / "there")
    with running(data_dir) as srv:
        client = make_client(srv.url)
        create_tables(srv, client)
        srv.stop()
    with running(data_dir) as srv:
        assert TABLE in make_client(srv.url).list_tables()["TableNames"]


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_in_memory_starts_empty_after_restart(how):
    with running() as srv:  # no data_dir: --in-memory
        assert "--in-memory" in srv.process.args
        client = make_client(srv.url)
        create_tables(srv, client)
        client.put_item(TableName=TABLE, Item={"pk": {"S": "x"}, "sk": {"N": "1"}})
        assert client.get_item(TableName=TABLE, Key={"pk": {"S": "x"}, "sk": {"N": "1"}})["Item"]
        assert TABLE in client.list_tables()["TableNames"]
        if how == "stop":
            srv.stop()
            assert srv.process.returncode == 0
        else:
            srv.kill()
    with running() as srv:
        client = make_client(srv.url)
        assert client.list_tables()["TableNames"] == []
        for name in (TABLE, OTHER_TABLE):
            with pytest.raises(ClientError) as e:
                client.describe_table(TableName=name)
            assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
            with pytest.raises(ClientError) as e:
                client.get_item(TableName=name, Key={"pk": {"S": "x"}, "sk": {"N": "1"}})
            assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
