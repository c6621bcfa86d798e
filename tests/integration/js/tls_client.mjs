// A DynamoDB client of the AWS SDK for JavaScript v3 over HTTPS, trusting the CA it is
// given: node tls_client.mjs ENDPOINT CA_FILE
// Prints {"tables": [...]} from ListTables, or {"error": name, "message": text} (exit 1).
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

const [endpoint, caFile] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
  maxAttempts: 1,
  requestHandler: { httpsAgent: new Agent({ ca: readFileSync(caFile) }) },
});
try {
  const out = await client.send(new ListTablesCommand({}));
  console.log(JSON.stringify({ tables: out.TableNames }));
} catch (e) {
  console.log(JSON.stringify({ error: e.name, message: e.message, code: e.code }));
  process.exitCode = 1;
}
