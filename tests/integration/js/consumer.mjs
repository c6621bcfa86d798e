// A DynamoDB Streams consumer as applications write them with the AWS SDK for JavaScript
// v3: find the table's latest stream, walk its shards (parents first) from TRIM_HORIZON,
// and print every record as one JSON line. Usage: node consumer.mjs ENDPOINT TABLE
import {
  DynamoDBStreamsClient,
  ListStreamsCommand,
  DescribeStreamCommand,
  GetShardIteratorCommand,
  GetRecordsCommand,
} from "@aws-sdk/client-dynamodb-streams";

const [endpoint, table] = process.argv.slice(2);
const client = new DynamoDBStreamsClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
});

const { Streams } = await client.send(new ListStreamsCommand({ TableName: table }));
const streamArn = Streams[Streams.length - 1].StreamArn;
const shards = [];
let start;
do {
  const { StreamDescription } = await client.send(
    new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
  );
  shards.push(...StreamDescription.Shards);
  start = StreamDescription.LastEvaluatedShardId;
} while (start);

for (const shard of shards) {
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shard.ShardId,
      ShardIteratorType: "TRIM_HORIZON",
    }),
  );
  while (iterator) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 2 }));
    for (const record of page.Records) {
      console.log(
        JSON.stringify({
          eventName: record.eventName,
          keys: record.dynamodb.Keys,
          newImage: record.dynamodb.NewImage ?? null,
          oldImage: record.dynamodb.OldImage ?? null,
          sequenceNumber: record.dynamodb.SequenceNumber,
          created: record.dynamodb.ApproximateCreationDateTime instanceof Date,
        }),
      );
    }
    if (page.Records.length === 0) break;
    iterator = page.NextShardIterator;
  }
}
