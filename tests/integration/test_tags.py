"""TagResource, UntagResource, ListTagsOfResource, and tags given at CreateTable."""
import pytest
from botocore.exceptions import ClientError

from conftest import create_table


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


@pytest.mark.parametrize("arn,code", [
    ("not-an-arn", "AccessDeniedException"),
    ("arn:not/a/good/format", "ValidationException"),
    ("arn:aws:dynamodb:us-east-1:000000000000:table/no_such_table", "ResourceNotFoundException"),
])
def test_bad_resource_arns(client, arn, code):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert e.value.response["Error"]["Code"] == code


@pytest.mark.parametrize("key,value", [("ok", "#!%"), ("bad|key", "ok"), ("", "v"), ("k" * 129, "v")])
def test_bad_tags(client, table_s, key, value):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn_of(client, table_s), Tags=[{"Key": key, "Value": value}])
    assert e.value.response["Error"]["Code"] == "ValidationException"


def test_tag_resource_requires_tags(client, table_s):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn_of(client, table_s), Tags=[])
    assert e.value.response["Error"]["Code"] == "ValidationException"
