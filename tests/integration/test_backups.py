"""DescribeContinuousBackups: Cairn keeps no continuous backups, and says so as DynamoDB
does for a table without them."""
import pytest
from botocore.exceptions import ClientError


def test_a_table_reports_continuous_backups_disabled(client, table_s):
    r = client.describe_continuous_backups(TableName=table_s)
    assert r["ContinuousBackupsDescription"] == {
        "ContinuousBackupsStatus": "DISABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"},
    }


def test_a_missing_table_is_table_not_found(client):
    with pytest.raises(ClientError) as e:
        client.describe_continuous_backups(TableName="no_such_table_here")
    assert e.value.response["Error"]["Code"] == "TableNotFoundException"
    assert e.value.response["Error"]["Message"] == "Table not found: no_such_table_here"


def test_the_table_name_is_required_and_checked(client):
    for kwargs, field in (({}, "Value null at 'tableName'"), ({"TableName": "ab"}, "'tableName'")):
        with pytest.raises(ClientError) as e:
            client.describe_continuous_backups(**kwargs)
        assert e.value.response["Error"]["Code"] == "ValidationException"
        assert field in e.value.response["Error"]["Message"]
