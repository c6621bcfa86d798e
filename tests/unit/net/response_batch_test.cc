#include "net/response_batch.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace cairn::net {
namespace {

// Records what the batch did to it, in order, into a shared log.
class RecordingResponse : public PendingResponse {
 public:
  RecordingResponse(std::string name, std::vector<std::string>& log)
      : name_(std::move(name)), log_(log) {}
  void send() override { log_.push_back("send " + name_); }
  void abandon() override { log_.push_back("abandon " + name_); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
};

// A loop with its batch, whose make_durable() is logged, or throws while `fail` is set.
class ResponseBatchTest : public ::testing::Test {
 protected:
  std::shared_ptr<RecordingResponse> response(std::string name) {
    return std::make_shared<RecordingResponse>(std::move(name), log);
  }

  boost::asio::io_context io;
  std::vector<std::string> log;
  bool fail = false;
  ResponseBatch batch{io.get_executor(), [this] {
                        if (fail) throw std::runtime_error("disk full");
                        log.push_back("durable");
                      }};
};

TEST_F(ResponseBatchTest, ResponsesQueuedTogetherShareOneMakeDurableBeforeAnyIsSent) {
  batch.add(response("a"));
  batch.add(response("b"));
  EXPECT_TRUE(log.empty()) << "nothing leaves before the loop releases the batch";
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "send b"}));
}

TEST_F(ResponseBatchTest, HandlersAlreadyQueuedJoinTheBatchBeforeItIsReleased) {
  // Two requests whose handlers were queued by the same wake-up of the loop.
  boost::asio::post(io, [&] { batch.add(response("a")); });
  boost::asio::post(io, [&] { batch.add(response("b")); });
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "send b"}));
}

TEST_F(ResponseBatchTest, AResponseQueuedAfterAReleaseWaitsForTheNextMakeDurable) {
  batch.add(response("a"));
  io.run();
  io.restart();
  batch.add(response("b"));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "durable", "send b"}));
}

TEST_F(ResponseBatchTest, ResponsesWhoseWritesCannotBeMadeDurableAreAbandonedNotSent) {
  fail = true;
  batch.add(response("a"));
  batch.add(response("b"));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"abandon a", "abandon b"}));
  // The next batch is tried afresh.
  fail = false;
  io.restart();
  batch.add(response("c"));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"abandon a", "abandon b", "durable", "send c"}));
}

}  // namespace
}  // namespace cairn::net
