#include "net/response_batch.h"

#include <boost/asio/post.hpp>
#include <exception>
#include <iostream>

namespace cairn::net {

void ResponseBatch::add(std::shared_ptr<PendingResponse> response) {
  pending_.push_back(std::move(response));
  if (scheduled_) return;
  scheduled_ = true;
  boost::asio::post(executor_, [this] { release(); });
}

void ResponseBatch::release() {
  scheduled_ = false;
  // Sending starts asynchronous writes only, but take the list first all the same: a
  // response queued while this one is released belongs to the next batch.
  releasing_.swap(pending_);
  bool durable = true;
  try {
    make_durable_();
  } catch (const std::exception& e) {
    std::cerr << "cairn: could not make writes durable, dropping " << releasing_.size()
              << " responses: " << e.what() << std::endl;
    durable = false;
  }
  for (auto& response : releasing_) {
    if (durable) {
      response->send();
    } else {
      response->abandon();
    }
  }
  releasing_.clear();
}

}  // namespace cairn::net
