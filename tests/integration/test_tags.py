"""TagResource, UntagResource, ListTagsOfResource, and tags given at CreateTable."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of, create_table


def arn_of(client, table):
    return client.describe_table(TableName=table)["Table"]["TableArn"]


def tags_of(client, arn):
    return {t["Key"]: t["Value"] for t in client.list_tags_of_resource(ResourceArn=arn)["Tags"]}


def test_tag_untag_list(client, table_s):
    arn = arn_of(client, table_s)
    assert tags_of(client, arn) == {}
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}])
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "2"}])
    assert tags_of(client, arn) == {"a": "2", "b": ""}
    client.untag_resource(ResourceArn=arn, TagKeys=["a", "not-there"])
    assert tags_of(client, arn) == {"b": ""}


def test_tags_from_create_table(client):
    name = create_table(client, Tags=[{"Key": "env", "Value": "test"}])
    try:
        assert tags_of(client, arn_of(client, name)) == {"env": "test"}
    finally:
        client.delete_table(TableName=name)


def test_at_most_50_tags(client, table_s):
    arn = arn_of(client, table_s)
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
    assert e.value.response["Error"]["Code"] == "ValidationException"


# DynamoDB's answers to each kind of ResourceArn, as observed on DynamoDB in 2026 (a catalogue
# of DynamoDB's messages kept by an AWS controllers project, and ExtendDB's PR 227 "verified
# against DynamoDB"): the prefix and the shape are validated, another account's resource is
# denied without being looked for, an index is not taggable, a missing table is not found.
# The conformance suite recorded against DynamoDB (nubo-db/dynamodb-conformance,
# tier2/tags/basic.test.ts) expects AccessDeniedException for account 000000000000, which is
# another account on DynamoDB but Cairn's own (DynamoDB Local's) account here.
def bad_arn_cases(table):
    own = "arn:aws:dynamodb:us-east-1:000000000000:table/"
    invalid = "One or more parameter values were invalid: "
    return [
        ("not-an-arn", "ValidationException", invalid + "ARNs must start with 'arn:': not-an-arn"),
        ("arn:not/a/good/format", "ValidationException",
         invalid + "Provided Arn is not a DynamoDB resource arn: arn:not/a/good/format"),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/" + table, "AccessDeniedException",
         "Access is denied"),
        ("arn:aws:s3:us-east-1:000000000000:table/" + table, "AccessDeniedException",
         "Access is denied"),
        (own + table + "/index/by_x", "ValidationException",
         invalid + "Invalid resource arn provided, only table or stream is accepted. Provided "
         "resource arn: " + own + table + "/index/by_x"),
        ("arn:aws:dynamodb:eu-west-1:000000000000:table/" + table, "ValidationException",
         "Invalid TableArn: Invalid ResourceArn provided as input "
         "arn:aws:dynamodb:eu-west-1:000000000000:table/" + table),
        (own + "no_such_table", "ResourceNotFoundException",
         "Requested resource not found: ResourceArn: " + own + "no_such_table not found"),
    ]


@pytest.mark.parametrize("case", range(7))
def test_bad_resource_arns(client, table_s, case):
    arn, code, message = bad_arn_cases(table_s)[case]
    for call in (lambda: client.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]),
                 lambda: client.untag_resource(ResourceArn=arn, TagKeys=["k"]),
                 lambda: client.list_tags_of_resource(ResourceArn=arn)):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == (code, message)


@pytest.mark.parametrize("key,value", [("ok", "#!%"), ("bad|key", "ok"), ("", "v"), ("k" * 129, "v")])
def test_bad_tags(client, table_s, key, value):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn_of(client, table_s), Tags=[{"Key": key, "Value": value}])
    assert e.value.response["Error"]["Code"] == "ValidationException"


def test_tag_resource_requires_tags(client, table_s):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn_of(client, table_s), Tags=[])
    assert e.value.response["Error"]["Code"] == "ValidationException"
