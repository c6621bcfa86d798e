// Requests the HTTP layer refuses before any handler sees them, answered as DynamoDB
// answers them. net/ names the refusal; the error catalogue and its wording stay here.
#pragma once

#include "api/output_buffer.h"

namespace cairn::api {

enum class HttpRefusal {
  kBodyTooLarge,     // over kMaxRequestBody, before or after decompression
  kMalformed,        // not HTTP/1.1 that Beast can parse
  kUndecodableBody,  // an unknown Content-Encoding, or a body it cannot decode
  kThrottled,        // the server's budget for request bodies cannot hold this one now
};

// Renders the refusal's error body into out; returns its HTTP status.
int render_refusal(HttpRefusal refusal, OutputBuffer& out);

}  // namespace cairn::api
