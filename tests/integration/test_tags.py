"""TagResource, UntagResource, ListTagsOfResource, and tags given at CreateTable."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import create_table, error_of, raw_request


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
    assert error_of(e) == ("ValidationException",
                           "Number of Tags exceed the current limit for the provided ResourceArn")


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


# The API model bounds only lengths; the rest are the service's checks, in the words a
# catalogue of messages observed on DynamoDB in 2026 reports. The allowed characters are the
# developer guide's ("Tagging restrictions in DynamoDB"): letters, white space, numbers and
# + - = . _ : /
@pytest.mark.parametrize("tags,message", [
    ([{"Key": "ok", "Value": "#!%"}], "The Tag Value provided is invalid, Value: #!%"),
    ([{"Key": "bad|key", "Value": "ok"}], "The Tag Key provided is invalid, Key: bad|key"),
    ([{"Key": "k"}], "The Tag Value provided is invalid, Value: null"),
    ([{"Key": "aws:cost", "Value": "v"}], "Tag Key cannot be prefixed with aws:, Key: aws:cost"),
    ([{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}],
     "Duplicate Tag Keys provided as input: Duplicate Tag Key found k"),
    ([], "Atleast one Tag needs to be provided as Input."),
    ([{"Key": "", "Value": "v"}], "1 validation error detected: Value '' at 'tags.1.member.key' "
                                  "failed to satisfy constraint: Member must have length greater "
                                  "than or equal to 1"),
    ([{"Key": "k" * 129, "Value": "v"}], "1 validation error detected: Value '" + "k" * 129 +
     "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than "
     "or equal to 128"),
])
def test_bad_tags(server, table_s, tags, message):
    # Raw requests: boto3 refuses some of these before sending them.
    arn = f"arn:aws:dynamodb:us-east-1:000000000000:table/{table_s}"
    response = raw_request(server.url, "TagResource", json.dumps({"ResourceArn": arn, "Tags": tags}))
    assert (response.status_code, response.json()["message"]) == (400, message)


def test_bad_tags_come_before_a_missing_table(server):
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/no_such_table"
    response = raw_request(server.url, "TagResource",
                           json.dumps({"ResourceArn": arn, "Tags": [{"Key": "a|b", "Value": "v"}]}))
    assert response.json()["message"] == "The Tag Key provided is invalid, Key: a|b"


def test_untag_rules(client, table_s):
    arn = arn_of(client, table_s)
    for keys, message in [([], "Atleast one Tag Key needs to be provided as Input."),
                          (["aws:x"], "Tag Key cannot be prefixed with aws:, Key: aws:x")]:
        with pytest.raises(ClientError) as e:
            client.untag_resource(ResourceArn=arn, TagKeys=keys)
        assert error_of(e) == ("ValidationException", message)


def test_create_table_with_an_empty_tag_list(client):
    # The API model puts no minimum on CreateTable's Tags (DynamoDB Local accepts it too).
    name = create_table(client, Tags=[])
    try:
        assert tags_of(client, arn_of(client, name)) == {}
    finally:
        client.delete_table(TableName=name)
