// ResponseBatch: the responses one event loop has ready, sent together once the writes
// behind them are durable. A handler's commit only appends to the storage's log in memory;
// before the batch goes out, one make_durable() writes the log for all of them (a group
// commit: one write() instead of one per request, decision 0015). Reads go through the
// batch too, so a client is never shown a write that a kill could still undo.
//
// One per event loop, used only from its thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

namespace cairn::net {

// A connection with a response composed and waiting for its batch.
class PendingResponse {
 public:
  virtual ~PendingResponse() = default;
  // The writes behind the response are durable: send it.
  virtual void send() = 0;
  // They could not be made durable: drop the connection without an answer, as a crash
  // would, so that the client retries rather than trusting an unkept write.
  virtual void abandon() = 0;
};

class ResponseBatch {
 public:
  // make_durable: the storage's group commit (api::Dispatcher::make_durable); it throws
  // when the writes could not be made durable.
  ResponseBatch(boost::asio::io_context::executor_type executor, std::function<void()> make_durable)
      : executor_(executor), make_durable_(std::move(make_durable)) {}

  // Queues a response. The batch is released by a handler posted behind the ones already
  // queued, so every request the loop has read by then shares its make_durable().
  void add(std::shared_ptr<PendingResponse> response);

 private:
  void release();

  boost::asio::io_context::executor_type executor_;
  std::function<void()> make_durable_;
  std::vector<std::shared_ptr<PendingResponse>> pending_;
  std::vector<std::shared_ptr<PendingResponse>> releasing_;  // reused between batches
  bool scheduled_ = false;
};

}  // namespace cairn::net
