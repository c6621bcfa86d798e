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

TEST(ResponseBatchTest, ResponsesQueuedTogetherShareOneMakeDurableBeforeAnyIsSent) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  ResponseBatch batch(io.get_executor(), [&] { log.push_back("durable"); });
  batch.add(std::make_shared<RecordingResponse>("a", log));
  batch.add(std::make_shared<RecordingResponse>("b", log));
  EXPECT_TRUE(log.empty()) << "nothing leaves before the loop releases the batch";
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "send b"}));
}

TEST(ResponseBatchTest, HandlersAlreadyQueuedJoinTheBatchBeforeItIsReleased) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  ResponseBatch batch(io.get_executor(), [&] { log.push_back("durable"); });
  // Two requests whose handlers were queued by the same wake-up of the loop.
  boost::asio::post(io, [&] { batch.add(std::make_shared<RecordingResponse>("a", log)); });
  boost::asio::post(io, [&] { batch.add(std::make_shared<RecordingResponse>("b", log)); });
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "send b"}));
}

TEST(ResponseBatchTest, AResponseQueuedAfterAReleaseWaitsForTheNextMakeDurable) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  ResponseBatch batch(io.get_executor(), [&] { log.push_back("durable"); });
  batch.add(std::make_shared<RecordingResponse>("a", log));
  io.run();
  io.restart();
  batch.add(std::make_shared<RecordingResponse>("b", log));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"durable", "send a", "durable", "send b"}));
}

TEST(ResponseBatchTest, ResponsesWhoseWritesCannotBeMadeDurableAreAbandonedNotSent) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  bool fail = true;
  ResponseBatch batch(io.get_executor(), [&] {
    if (fail) throw std::runtime_error("disk full");
    log.push_back("durable");
  });
  batch.add(std::make_shared<RecordingResponse>("a", log));
  batch.add(std::make_shared<RecordingResponse>("b", log));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"abandon a", "abandon b"}));
  // The next batch is tried afresh.
  fail = false;
  io.restart();
  batch.add(std::make_shared<RecordingResponse>("c", log));
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"abandon a", "abandon b", "durable", "send c"}));
}

}  // namespace
}  // namespace cairn::net
