"""TransactWriteItems and TransactGetItems through boto3: all or nothing, isolation,
idempotency, cancellation reasons, limits and snapshot reads."""
import random
import threading
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import error_of, make_client


def put(table, item):
    return {"Put": {"TableName": table, "Item": item}}


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def get(client, table, pk):
    return client.get_item(TableName=table, Key={"pk": s(pk)}).get("Item")


def cancellation(excinfo):
    code, message = error_of(excinfo)
    assert code == "TransactionCanceledException"
    return message, excinfo.value.response["CancellationReasons"]


def test_all_actions_apply_together(client, table_s, table_ss):
    client.put_item(TableName=table_s, Item={"pk": s("del")})
    client.put_item(TableName=table_s, Item={"pk": s("upd"), "c": n(1)})
    client.put_item(TableName=table_s, Item={"pk": s("chk"), "ok": {"BOOL": True}})
    client.transact_write_items(TransactItems=[
        put(table_s, {"pk": s("new"), "v": s("x")}),
        {"Delete": {"TableName": table_s, "Key": {"pk": s("del")}}},
        {"Update": {"TableName": table_s, "Key": {"pk": s("upd")},
                    "UpdateExpression": "ADD c :one", "ExpressionAttributeValues": {":one": n(1)}}},
        {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("chk")},
                            "ConditionExpression": "ok = :t",
                            "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        put(table_ss, {"pk": s("a"), "sk": s("b")}),
    ])
    assert get(client, table_s, "new") == {"pk": s("new"), "v": s("x")}
    assert get(client, table_s, "del") is None
    assert get(client, table_s, "upd")["c"] == n(2)
    assert client.get_item(TableName=table_ss, Key={"pk": s("a"), "sk": s("b")})["Item"]


def test_a_failed_condition_cancels_everything_and_reports_each_action(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": s("exists"), "x": n(42)})
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            put(table_s, {"pk": s("p1")}),
            {"Put": {"TableName": table_s, "Item": {"pk": s("p2")},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("missing")},
                                "ConditionExpression": "attribute_exists(pk)"}},
            {"Update": {"TableName": table_s, "Key": {"pk": s("exists")},
                        "UpdateExpression": "SET x = :v", "ConditionExpression": "x = :v",
                        "ExpressionAttributeValues": {":v": n(1)},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ])
    message, reasons = cancellation(e)
    assert message == ("Transaction cancelled, please refer cancellation reasons for specific "
                       "reasons [None, None, ConditionalCheckFailed, ConditionalCheckFailed]")
    assert reasons[0] == {"Code": "None"}
    assert reasons[1] == {"Code": "None"}
    assert reasons[2] == {"Code": "ConditionalCheckFailed",
                          "Message": "The conditional request failed"}
    assert reasons[3]["Code"] == "ConditionalCheckFailed"
    assert reasons[3]["Item"] == {"pk": s("exists"), "x": n(42)}
    assert get(client, table_s, "p1") is None
    assert get(client, table_s, "p2") is None
    assert get(client, table_s, "exists")["x"] == n(42)


def test_conditions_see_the_state_before_the_transaction(client, table_s):
    # The put of "a" does not make the check on "a"'s absence fail: one item per action,
    # so the check is on another item that the transaction also writes.
    client.transact_write_items(TransactItems=[
        put(table_s, {"pk": s("a")}),
        {"Put": {"TableName": table_s, "Item": {"pk": s("b")},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
    ])
    assert get(client, table_s, "a") and get(client, table_s, "b")


def test_an_invalid_item_is_a_validation_error_reason_and_only_the_first_counts(client, table_s):
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            put(table_s, {"pk": s("ok")}),
            put(table_s, {"pk": n(7)}),
            put(table_s, {"pk": n(8)}),
        ])
    _, reasons = cancellation(e)
    assert [r["Code"] for r in reasons] == ["None", "ValidationError", "None"]
    assert "Type mismatch for key" in reasons[1]["Message"]
    assert get(client, table_s, "ok") is None


def test_an_update_that_fails_on_the_item_cancels(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": s("u"), "x": s("text")})
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            put(table_s, {"pk": s("other")}),
            {"Update": {"TableName": table_s, "Key": {"pk": s("u")},
                        "UpdateExpression": "SET x = x + :one",
                        "ExpressionAttributeValues": {":one": n(1)}}},
        ])
    _, reasons = cancellation(e)
    assert [r["Code"] for r in reasons] == ["None", "ValidationError"]
    assert get(client, table_s, "other") is None


def test_two_actions_on_one_item_are_refused(client, table_s):
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            put(table_s, {"pk": s("x")}),
            {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("x")},
                                "ConditionExpression": "attribute_not_exists(pk)"}},
        ])
    assert error_of(e) == ("ValidationException",
                           "Transaction request cannot include multiple operations on one item")


@pytest.mark.parametrize("count", [0, 101])
def test_action_count_limits(client, table_s, count):
    with pytest.raises(ClientError) as e:
        client.transact_write_items(
            TransactItems=[put(table_s, {"pk": s(str(i))}) for i in range(count)])
    code, message = error_of(e)
    assert code == "ValidationException"
    assert "transactItems" in message
    assert ("less than or equal to 100" if count else "greater than or equal to 1") in message


def test_a_hundred_actions_are_allowed(client, table_s):
    client.transact_write_items(
        TransactItems=[put(table_s, {"pk": s(f"h{i}")}) for i in range(100)])
    assert get(client, table_s, "h99")


def test_the_payload_is_limited_to_4_mb(client, table_s):
    big = "x" * 100_000
    with pytest.raises(ClientError) as e:
        client.transact_write_items(
            TransactItems=[put(table_s, {"pk": s(f"b{i}"), "v": s(big)}) for i in range(45)])
    code, message = error_of(e)
    assert code == "ValidationException" and "size cannot exceed" in message
    client.transact_write_items(
        TransactItems=[put(table_s, {"pk": s(f"b{i}"), "v": s(big)}) for i in range(30)])


def test_missing_table_and_expression_errors_refuse_the_whole_request(client, table_s):
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[put("no_such_table", {"pk": s("a")})])
    assert error_of(e)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": table_s, "Item": {"pk": s("a")},
                     "ConditionExpression": "attribute_exists(#x)"}}])
    code, message = error_of(e)
    assert code == "ValidationException" and "#x" in message
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("a")}}}])
    code, message = error_of(e)
    assert code == "ValidationException"
    assert "transactItems.1.member.conditionCheck.conditionExpression" in message


def test_client_request_token_makes_a_transaction_idempotent(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": s("c"), "x": n(0)})
    increment = [{"Update": {"TableName": table_s, "Key": {"pk": s("c")},
                             "UpdateExpression": "ADD x :one",
                             "ExpressionAttributeValues": {":one": n(1)}}}]
    token = uuid.uuid4().hex
    client.transact_write_items(TransactItems=increment, ClientRequestToken=token)
    client.transact_write_items(TransactItems=increment, ClientRequestToken=token)
    assert get(client, table_s, "c")["x"] == n(1)
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[put(table_s, {"pk": s("other")})],
                                    ClientRequestToken=token)
    assert error_of(e)[0] == "IdempotentParameterMismatchException"
    client.transact_write_items(TransactItems=increment)
    assert get(client, table_s, "c")["x"] == n(2)
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=increment, ClientRequestToken="x" * 37)
    assert "clientRequestToken" in error_of(e)[1]


def test_a_cancelled_transaction_can_be_retried_with_its_token(client, table_s):
    token = uuid.uuid4().hex
    guarded = [{"Put": {"TableName": table_s, "Item": {"pk": s("g")},
                        "ConditionExpression": "attribute_exists(pk)"}}]
    with pytest.raises(ClientError):
        client.transact_write_items(TransactItems=guarded, ClientRequestToken=token)
    client.put_item(TableName=table_s, Item={"pk": s("g"), "before": n(1)})
    client.transact_write_items(TransactItems=guarded, ClientRequestToken=token)
    assert get(client, table_s, "g") == {"pk": s("g")}


def test_bank_transfers_keep_the_total_under_concurrency(server, client, table_s):
    accounts, start = 10, 1000
    client.transact_write_items(TransactItems=[
        put(table_s, {"pk": s(f"acct{i}"), "balance": n(start)}) for i in range(accounts)])
    errors = []
    conflicts = []

    def transfer_many(seed):
        c = make_client(server.url)
        rng = random.Random(seed)
        for _ in range(300):
            a, b = rng.sample(range(accounts), 2)
            amount = rng.randint(1, 50)
            # Retried on TransactionConflict, as the SDKs' callers do; a transfer that
            # meets another ongoing one is cancelled, not delayed.
            for attempt in range(1000):
                try:
                    c.transact_write_items(TransactItems=[
                        {"Update": {"TableName": table_s, "Key": {"pk": s(f"acct{a}")},
                                    "UpdateExpression": "SET balance = balance - :m",
                                    "ConditionExpression": "balance >= :m",
                                    "ExpressionAttributeValues": {":m": n(amount)}}},
                        {"Update": {"TableName": table_s, "Key": {"pk": s(f"acct{b}")},
                                    "UpdateExpression": "SET balance = balance + :m",
                                    "ExpressionAttributeValues": {":m": n(amount)}}},
                    ])
                    break
                except ClientError as e:
                    if e.response["Error"]["Code"] != "TransactionCanceledException":
                        errors.append(e)
                        break
                    codes = [r["Code"] for r in e.response["CancellationReasons"]]
                    if "TransactionConflict" not in codes:
                        # Otherwise only an insufficient balance may cancel a transfer.
                        if codes != ["ConditionalCheckFailed", "None"]:
                            errors.append(e)
                        break
                    conflicts.append(codes)
                    time.sleep(rng.uniform(0, 0.002 * min(attempt + 1, 10)))

    threads = [threading.Thread(target=transfer_many, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(codes in (["TransactionConflict", "None"], ["None", "TransactionConflict"])
               for codes in conflicts)
    balances = [int(get(client, table_s, f"acct{i}")["balance"]["N"]) for i in range(accounts)]
    assert sum(balances) == accounts * start
    assert min(balances) >= 0


def test_transact_get_reads_items_with_projection(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": s("a"), "x": n(1), "y": n(2)})
    client.put_item(TableName=table_s, Item={"pk": s("b"), "x": n(3), "y": n(4)})
    got = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table_s, "Key": {"pk": s("a")}}},
        {"Get": {"TableName": table_s, "Key": {"pk": s("missing")}}},
        {"Get": {"TableName": table_s, "Key": {"pk": s("b")}, "ProjectionExpression": "#y",
                 "ExpressionAttributeNames": {"#y": "y"}}},
    ])["Responses"]
    assert got == [{"Item": {"pk": s("a"), "x": n(1), "y": n(2)}}, {}, {"Item": {"y": n(4)}}]


def test_transact_get_sees_one_moment_while_transfers_run(server, client, table_s):
    client.transact_write_items(TransactItems=[
        put(table_s, {"pk": s("x"), "v": n(100)}), put(table_s, {"pk": s("y"), "v": n(0)})])
    stop = threading.Event()

    def shuffle():
        c = make_client(server.url)
        while not stop.is_set():
            c.transact_write_items(TransactItems=[
                {"Update": {"TableName": table_s, "Key": {"pk": s("x")},
                            "UpdateExpression": "SET v = v - :one",
                            "ExpressionAttributeValues": {":one": n(1)}}},
                {"Update": {"TableName": table_s, "Key": {"pk": s("y")},
                            "UpdateExpression": "SET v = v + :one",
                            "ExpressionAttributeValues": {":one": n(1)}}}])

    worker = threading.Thread(target=shuffle)
    worker.start()
    try:
        for _ in range(200):
            got = client.transact_get_items(TransactItems=[
                {"Get": {"TableName": table_s, "Key": {"pk": s("x")}}},
                {"Get": {"TableName": table_s, "Key": {"pk": s("y")}}}])["Responses"]
            assert int(got[0]["Item"]["v"]["N"]) + int(got[1]["Item"]["v"]["N"]) == 100
    finally:
        stop.set()
        worker.join()


def test_transact_get_limits_and_errors(client, table_s):
    with pytest.raises(ClientError) as e:
        client.transact_get_items(TransactItems=[
            {"Get": {"TableName": table_s, "Key": {"pk": s(str(i))}}} for i in range(101)])
    assert "less than or equal to 100" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        client.transact_get_items(TransactItems=[
            {"Get": {"TableName": table_s, "Key": {"pk": s("a")}, "ProjectionExpression": "#a",
                     "ExpressionAttributeNames": {"#a": "a", "#b": "b"}}}])
    code, message = error_of(e)
    assert code == "ValidationException" and "unused" in message and "#b" in message
    with pytest.raises(ClientError) as e:
        client.transact_get_items(TransactItems=[
            {"Get": {"TableName": table_s, "Key": {"pk": n(1)}}}])
    _, reasons = cancellation(e)
    assert reasons[0]["Code"] == "ValidationError"


def test_transact_get_refuses_more_than_4_mb_of_items(client, table_s):
    # DynamoDB rejects the whole TransactGetItems when the items it reads exceed 4 MB.
    for i in range(11):
        client.put_item(TableName=table_s, Item={"pk": s(f"big{i}"), "v": s("x" * 390_000)})
    gets = [{"Get": {"TableName": table_s, "Key": {"pk": s(f"big{i}")}}} for i in range(11)]
    assert len(client.transact_get_items(TransactItems=gets[:10])["Responses"]) == 10
    with pytest.raises(ClientError) as e:
        client.transact_get_items(TransactItems=gets)
    code, message = error_of(e)
    assert code == "ValidationException" and "4 MB" in message


# DynamoDB refuses a TransactGetItems that reads one item twice, with the message it uses
# for TransactWriteItems (reported by a client suite recorded against DynamoDB, issue 19).
def test_transact_get_of_one_item_twice_is_refused(client, table_s):
    get = {"Get": {"TableName": table_s, "Key": {"pk": {"S": "twice"}}}}
    with pytest.raises(ClientError) as e:
        client.transact_get_items(TransactItems=[get, get])
    assert error_of(e) == ("ValidationException",
                           "Transaction request cannot include multiple operations on one item")
