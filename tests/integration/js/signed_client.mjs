// A DynamoDB client of the AWS SDK for JavaScript v3, signing with the key it is given:
// node signed_client.mjs ENDPOINT ACCESS_KEY_ID SECRET [SESSION_TOKEN]
// Prints {"tables": [...]} from ListTables, or {"error": name, "message": text} (exit 1).
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

const [endpoint, accessKeyId, secretAccessKey, sessionToken] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId, secretAccessKey, sessionToken },
  maxAttempts: 1,
});
try {
  const out = await client.send(new ListTablesCommand({}));
  console.log(JSON.stringify({ tables: out.TableNames }));
} catch (e) {
  console.log(JSON.stringify({ error: e.name, message: e.message }));
  process.exitCode = 1;
}
