"""Helpers shared by the secondary-index tests: attribute values, key schemas, index
definitions, tables with indexes, and reading or writing a table whole."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of, unique_name, wait_until_active

INVALID = "One or more parameter values were invalid: "


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def key_schema(*keys):
    """[(name, "HASH"|"RANGE"), ...] as a KeySchema."""
    return [{"AttributeName": name, "KeyType": kind} for name, kind in keys]


def gsi(name, *keys, projection="ALL", non_key=None, **extra):
    """An index definition (global or local) keyed on `keys` (see key_schema)."""
    p = {"ProjectionType": projection}
    if non_key is not None:
        p["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": key_schema(*keys), "Projection": p, **extra}


def definitions(*names, types=None):
    """AttributeDefinitions of these attributes: strings unless `types` says otherwise."""
    types = types or {}
    return [{"AttributeName": a, "AttributeType": types.get(a, "S")} for a in names]


def make_table(client, attribute_definitions, gsis=None, lsis=None, range_key="sk", **extra):
    """Creates a table keyed pk (and range_key, unless None) with these indexes; returns its
    name. attribute_definitions: {name: type} or a list of AttributeDefinitions."""
    name = unique_name()
    keys = [("pk", "HASH")] + ([(range_key, "RANGE")] if range_key else [])
    defs = attribute_definitions
    if isinstance(defs, dict):
        defs = [{"AttributeName": a, "AttributeType": t} for a, t in defs.items()]
    args = dict(TableName=name, KeySchema=key_schema(*keys), AttributeDefinitions=defs)
    if gsis is not None:
        args["GlobalSecondaryIndexes"] = gsis
    if lsis is not None:
        args["LocalSecondaryIndexes"] = lsis
    args.setdefault("BillingMode", "PAY_PER_REQUEST")
    args.update(extra)
    client.create_table(**args)
    wait_until_active(client, name)
    return name


def fails(call, **kwargs):
    """(error code, message) of a call that must fail."""
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return error_of(e)


def query_all(client, **kwargs):
    """Every item a Query returns, page after page."""
    items, start = [], None
    while True:
        more = {"ExclusiveStartKey": start} if start else {}
        page = client.query(**kwargs, **more)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def scan_all(client, table, **kwargs):
    """Every item a Scan of table returns, page after page."""
    items, start = [], None
    while True:
        more = {"ExclusiveStartKey": start} if start else {}
        page = client.scan(TableName=table, **kwargs, **more)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def put_batch(client, table, items):
    """Puts items with BatchWriteItem, 25 at a time."""
    for start in range(0, len(items), 25):
        client.batch_write_item(RequestItems={
            table: [{"PutRequest": {"Item": i}} for i in items[start:start + 25]]})
