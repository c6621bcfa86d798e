// The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords.
#include <cstdio>
#include <limits>

#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/handler.h"
#include "api/resource_arn.h"
#include "api/shard_iterator.h"
#include "api/stream_spec.h"
#include "api/table_request.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

using engine::StreamDescriptor;
using engine::StreamLog;
using engine::StreamShard;

constexpr size_t kMaxRecordBytes = 1024 * 1024;  // a GetRecords page, as DynamoDB's 1 MB
constexpr int64_t kMaxListStreamsLimit = 100;

// The shape of a stream ARN: arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>.
bool looks_like_stream_arn(std::string_view arn) {
  if (arn.substr(0, 17) != "arn:aws:dynamodb:") return false;
  const size_t table = arn.find(":table/");
  return table != std::string_view::npos && arn.find("/stream/", table) != std::string_view::npos;
}

void check_arn_length(std::optional<std::string_view> arn, std::string_view field, Constraints& c,
                      bool required) {
  if (!arn) {
    if (required) c.not_null(field);
    return;
  }
  c.length_between(*arn, field, 37, 1024);
}

// The stream an ARN names, or nullptr; ValidationException for something that is no
// stream ARN at all.
// Another account's stream is not found.
std::shared_ptr<StreamLog> lookup_stream(RequestContext& ctx, std::string_view arn) {
  if (!looks_like_stream_arn(arn)) throw ApiError::validation("Invalid StreamArn");
  if (account_of_arn(arn) != ctx.account || region_of_arn(arn) != ctx.region) return nullptr;
  return ctx.engine.streams().find(arn);
}

// DescribeStream's and GetRecords' stream: ResourceNotFoundException naming the ARN when
// no stream has it. (GetShardIterator words its not-found errors differently.)
std::shared_ptr<StreamLog> find_stream(RequestContext& ctx, std::string_view arn) {
  auto log = lookup_stream(ctx, arn);
  if (!log) {
    throw ApiError::resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                                       " not found");
  }
  return log;
}

void write_key_schema(JsonWriter& w, const StreamDescriptor& d) {
  w.key("KeySchema");
  w.begin_array();
  w.begin_object();
  w.field("AttributeName", d.hash_key.name);
  w.field("KeyType", "HASH");
  w.end_object();
  if (d.range_key) {
    w.begin_object();
    w.field("AttributeName", d.range_key->name);
    w.field("KeyType", "RANGE");
    w.end_object();
  }
  w.end_array();
}

void write_shard(JsonWriter& w, const StreamShard& s) {
  w.begin_object();
  w.field("ShardId", s.id);
  w.key("SequenceNumberRange");
  w.begin_object();
  w.field("StartingSequenceNumber", engine::sequence_text(s.first_sequence));
  if (s.last_sequence) w.field("EndingSequenceNumber", engine::sequence_text(*s.last_sequence));
  w.end_object();
  if (!s.parent_id.empty()) w.field("ParentShardId", s.parent_id);
  w.end_object();
}

void list_streams(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto table_name = r.string("TableName");
  if (table_name) c.table_name(table_name);
  auto limit = r.integer("Limit");
  if (limit) c.at_least(*limit, "limit", 1);
  auto start = r.string("ExclusiveStartStreamArn");
  check_arn_length(start, "exclusiveStartStreamArn", c, false);
  c.throw_if_any();
  // The API model bounds Limit only below; the service refuses more than 100 itself.
  if (limit && *limit > kMaxListStreamsLimit) {
    throw invalid("Limit cannot be greater than the maximum allowed size: " +
                  std::to_string(kMaxListStreamsLimit));
  }
  if (start && !looks_like_stream_arn(*start)) throw ApiError::validation("Invalid StreamArn");
  if (table_name && !ctx.engine.catalog().find(ctx.account, ctx.region, *table_name)) {
    throw ApiError::table_not_found(*table_name);
  }
  const size_t max = static_cast<size_t>(limit.value_or(kMaxListStreamsLimit));
  out.begin_object();
  out.key("Streams");
  out.begin_array();
  size_t count = 0;
  std::string last;
  bool more = false;
  for (const auto& log : ctx.engine.streams().all()) {
    const StreamDescriptor d = log->descriptor();
    if (start && d.arn <= *start) continue;
    if (account_of_arn(d.arn) != ctx.account || region_of_arn(d.arn) != ctx.region) continue;
    if (table_name && d.table_name != *table_name) continue;
    if (count == max) {
      more = true;
      break;
    }
    out.begin_object();
    out.field("StreamArn", d.arn);
    out.field("TableName", d.table_name);
    out.field("StreamLabel", d.label);
    out.end_object();
    last = d.arn;
    ++count;
  }
  out.end_array();
  if (more) out.field("LastEvaluatedStreamArn", last);
  out.end_object();
}

void describe_stream(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto arn = r.string("StreamArn");
  check_arn_length(arn, "streamArn", c, true);
  auto limit = r.integer("Limit");
  if (limit) c.at_least(*limit, "limit", 1) && c.at_most(*limit, "limit", 100);
  auto start = r.string("ExclusiveStartShardId");
  if (start) c.length_between(*start, "exclusiveStartShardId", 28, 65);
  std::optional<std::string_view> child_of;
  if (auto filter = r.object("ShardFilter")) {
    RequestReader f(*filter);
    auto type = f.string("Type");
    if (!type) {
      c.not_null("shardFilter.type");
    } else {
      c.one_of(*type, "shardFilter.type", {"CHILD_SHARDS"});
    }
    child_of = f.string("ShardId");
    if (!child_of) {
      c.not_null("shardFilter.shardId");
    } else {
      c.length_between(*child_of, "shardFilter.shardId", 28, 65);
    }
  }
  c.throw_if_any();
  const StreamDescriptor d = find_stream(ctx, *arn)->descriptor();
  const size_t max = static_cast<size_t>(limit.value_or(100));
  out.begin_object();
  out.key("StreamDescription");
  out.begin_object();
  out.field("StreamArn", d.arn);
  out.field("StreamLabel", d.label);
  out.field("StreamStatus", d.enabled() ? "ENABLED" : "DISABLED");
  out.field("StreamViewType", view_type_name(d.view_type));
  out.key("CreationRequestDateTime");
  out.decimal_seconds(d.created_ms);
  out.field("TableName", d.table_name);
  write_key_schema(out, d);
  out.key("Shards");
  out.begin_array();
  size_t count = 0;
  std::string_view last;
  bool more = false;
  for (const auto& shard : d.shards) {
    if (start && shard.id <= *start) continue;
    if (child_of && shard.parent_id != *child_of) continue;
    if (count == max) {
      more = true;
      break;
    }
    write_shard(out, shard);
    last = shard.id;
    ++count;
  }
  out.end_array();
  if (more) out.field("LastEvaluatedShardId", last);
  out.end_object();
  out.end_object();
}

void get_shard_iterator(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto arn = r.string("StreamArn");
  check_arn_length(arn, "streamArn", c, true);
  auto shard_id = r.string("ShardId");
  if (!shard_id) {
    c.not_null("shardId");
  } else {
    c.length_between(*shard_id, "shardId", 28, 65);
  }
  auto type = r.string("ShardIteratorType");
  if (!type) {
    c.not_null("shardIteratorType");
  } else {
    c.one_of(*type, "shardIteratorType",
             {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"});
  }
  auto sequence_text = r.string("SequenceNumber");
  if (sequence_text) c.length_between(*sequence_text, "sequenceNumber", 21, 40);
  c.throw_if_any();
  // AT_ and AFTER_SEQUENCE_NUMBER need a sequence number, the other two take none.
  const bool at_sequence = *type == "AT_SEQUENCE_NUMBER" || *type == "AFTER_SEQUENCE_NUMBER";
  if (!at_sequence && sequence_text) {
    throw invalid("SequenceNumber should not be passed for this iterator type");
  }
  std::optional<uint64_t> sequence;
  if (sequence_text) sequence = engine::parse_sequence(*sequence_text);
  if (at_sequence && !sequence) throw invalid("Invalid SequenceNumber");
  auto log = lookup_stream(ctx, *arn);
  if (!log) throw ApiError::resource_not_found("Stream does not exist");
  const StreamDescriptor d = log->descriptor();
  const StreamShard* found = d.find_shard(*shard_id);
  if (!found) throw ApiError::resource_not_found("Shard does not exist");
  const StreamShard& shard = *found;
  ShardIterator it;
  it.stream_arn = d.arn;
  it.shard_id = shard.id;
  it.issued_ms = now_ms();
  if (*type == "TRIM_HORIZON") {
    it.position = std::max(shard.first_sequence, log->trim_horizon());
  } else if (*type == "LATEST") {
    it.position = log->latest_position(shard);
  } else {
    if (*sequence < shard.first_sequence ||
        (shard.last_sequence && *sequence > *shard.last_sequence)) {
      throw ApiError::validation("Invalid SequenceNumber for the shard");
    }
    if (*sequence < log->trim_horizon()) {
      throw ApiError(ErrorType::kTrimmedDataAccess,
                     "Sequence number " + std::string(*sequence_text) +
                         " is beyond the trim horizon of shard " + shard.id);
    }
    it.position = *type == "AT_SEQUENCE_NUMBER" ? *sequence : *sequence + 1;
  }
  out.begin_object();
  out.field("ShardIterator", encode_shard_iterator(it, ctx.engine.token_secret()));
  out.end_object();
}

// A record's eventID: stable for the record, unique within the stream.
std::string event_id(uint64_t stream_id, uint64_t sequence) {
  uint64_t a = stream_id * 0x9E3779B97F4A7C15ULL ^ sequence;
  uint64_t b = sequence * 0xC2B2AE3D27D4EB4FULL + stream_id;
  a ^= a >> 31;
  b ^= b >> 29;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string_view event_name(engine::StreamEventName e) {
  switch (e) {
    case engine::StreamEventName::kInsert:
      return "INSERT";
    case engine::StreamEventName::kModify:
      return "MODIFY";
    case engine::StreamEventName::kRemove:
      break;
  }
  return "REMOVE";
}

void write_record(JsonWriter& w, const StreamDescriptor& d, const engine::StreamRecord& rec,
                  std::string_view region) {
  w.begin_object();
  w.field("eventID", event_id(d.stream_id, rec.sequence));
  w.field("eventName", event_name(rec.event));
  w.field("eventVersion", "1.1");
  w.field("eventSource", "aws:dynamodb");
  w.field("awsRegion", region);
  w.key("dynamodb");
  w.begin_object();
  w.field("ApproximateCreationDateTime", rec.created_ms / 1000);
  w.key("Keys");
  write_item(w, rec.keys);
  if (rec.new_image) {
    w.key("NewImage");
    write_item(w, *rec.new_image);
  }
  if (rec.old_image) {
    w.key("OldImage");
    write_item(w, *rec.old_image);
  }
  w.field("SequenceNumber", engine::sequence_text(rec.sequence));
  w.field("SizeBytes", static_cast<int64_t>(rec.size_bytes()));
  w.field("StreamViewType", view_type_name(d.view_type));
  w.end_object();
  if (rec.origin == engine::ChangeOrigin::kTimeToLive) {
    w.key("userIdentity");
    w.begin_object();
    w.field("Type", "Service");
    w.field("PrincipalId", "dynamodb.amazonaws.com");
    w.end_object();
  }
  w.end_object();
}

void get_records(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto token = r.string("ShardIterator");
  if (!token) {
    c.not_null("shardIterator");
  } else {
    c.length_between(*token, "shardIterator", 1, 2048);
  }
  auto limit = r.integer("Limit");
  if (limit) c.at_least(*limit, "limit", 1) && c.at_most(*limit, "limit", 1000);
  c.throw_if_any();
  auto it = decode_shard_iterator(*token, ctx.engine.token_secret());
  const int64_t now = now_ms();
  // Signed by this server, so issued by it: a time ahead of its clock means the clock went
  // back; such a token is refused rather than trusted for longer than its lifetime.
  if (!it || it->issued_ms > now + kShardIteratorLifetimeMs) {
    throw ApiError::validation("Invalid ShardIterator");
  }
  if (now - it->issued_ms > kShardIteratorLifetimeMs) {
    throw ApiError(ErrorType::kExpiredIterator,
                   "Iterator expired. The iterator was created at time " +
                       std::to_string(it->issued_ms) + " while right now it is " +
                       std::to_string(now) +
                       " which is further in the future than the tolerated delay of " +
                       std::to_string(kShardIteratorLifetimeMs) + " milliseconds.");
  }
  auto log = find_stream(ctx, it->stream_arn);
  const StreamDescriptor d = log->descriptor();
  const StreamShard* shard = d.find_shard(it->shard_id);
  if (!shard || it->position < log->trim_horizon()) {
    throw ApiError(ErrorType::kTrimmedDataAccess,
                   "The operation attempted to read past the oldest stream record in a shard.");
  }
  const uint64_t end =
      shard->last_sequence ? *shard->last_sequence + 1 : std::numeric_limits<uint64_t>::max();
  const auto page =
      log->read(it->position, end, static_cast<size_t>(limit.value_or(1000)), kMaxRecordBytes);
  const std::string_view region = ctx.region;
  out.begin_object();
  out.key("Records");
  out.begin_array();
  for (const auto& rec : page.records) write_record(out, d, rec, region);
  out.end_array();
  // A closed shard read to its end has no next iterator: the consumer moves to its child.
  if (page.next < end) {
    ShardIterator next = *it;
    next.position = page.next;
    next.issued_ms = now;
    out.field("NextShardIterator", encode_shard_iterator(next, ctx.engine.token_secret()));
  }
  out.end_object();
}

}  // namespace

void register_stream_ops(HandlerTable& table) {
  table["ListStreams"] = list_streams;
  table["DescribeStream"] = describe_stream;
  table["GetShardIterator"] = get_shard_iterator;
  table["GetRecords"] = get_records;
}

}  // namespace cairn::api
