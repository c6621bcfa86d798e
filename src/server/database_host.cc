#include "server/database_host.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "api/error_response.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/rocksdb_store.h"

namespace cairn::server {

// What a request's handler asked for (create_after_request, reset_after_request): the
// request's thread finds it once the dispatcher has returned.
struct DatabaseHost::Work {
  enum class Kind { kNone, kTake, kPutBack } kind = Kind::kNone;
  std::string name;
};

namespace {

thread_local DatabaseHost::Work* asked = nullptr;

ApiError already_exists(const std::string& name) {
  return ApiError(ErrorType::kEntityAlreadyExists,
                  "A database snapshot named " + name + " already exists.");
}

ApiError not_found(const std::string& name) {
  return ApiError(ErrorType::kNoSuchEntity, "The database snapshot " + name + " cannot be found.");
}

DatabaseHost::Work& work_of_this_request() {
  if (!asked) throw ApiError::internal("a database snapshot outside a request");
  return *asked;
}

}  // namespace

DatabaseHost::DatabaseHost(storage::RocksDbStore& database, ServiceSettings settings)
    : database_(database),
      settings_(std::move(settings)),
      verifies_signatures_(settings_.auth == auth::AuthMode::kSigV4),
      services_(std::make_unique<Services>(database_, settings_, this)) {
  // Snapshots a kill cut short (no stamp) are not snapshots: their files go.
  for (const std::string& name : database_.list_directory(settings_.data_dir + "/snapshots")) {
    if (!database_.image_made_ms(directory_of(name)))
      database_.remove_directory(directory_of(name));
  }
}

DatabaseHost::~DatabaseHost() = default;

bool DatabaseHost::verifies_signatures() const {
  return verifies_signatures_;
}

bool DatabaseHost::runs_long(std::string_view target) const {
  std::shared_lock hold(hold_);
  return services_->dispatcher().runs_long(target);
}

void DatabaseHost::make_durable() const {
  std::shared_lock hold(hold_);
  services_->dispatcher().make_durable();
}

int DatabaseHost::handle(std::string_view target, std::string& body, std::string_view host,
                         api::OutputBuffer& out, const api::SignedParts* signed_parts) const {
  Work work;
  asked = &work;
  int status = 0;
  try {
    std::shared_lock hold(hold_);
    status = services_->dispatcher().handle(target, body, host, out, signed_parts);
  } catch (...) {
    asked = nullptr;
    throw;
  }
  asked = nullptr;
  if (work.kind == Work::Kind::kNone || status != 200) return status;
  // The request asked for a snapshot to be taken or put back, and was found in order: done
  // now, with every other request out of the way, before the response goes out.
  // (The host itself is never const: handle() is, for the HTTP layer's sake.)
  auto* self = const_cast<DatabaseHost*>(this);
  try {
    std::unique_lock alone(hold_);
    if (work.kind == Work::Kind::kTake) {
      self->take(work.name);
    } else {
      self->put_back(work.name);
    }
  } catch (const ApiError& e) {
    return api::render_error(e, out);
  } catch (const std::exception& e) {
    return api::render_error(ApiError::internal(e.what()), out);
  }
  return status;
}

std::string DatabaseHost::directory_of(const std::string& name) const {
  return settings_.data_dir + "/snapshots/" + name;
}

bool DatabaseHost::exists(const std::string& name) const {
  return database_.image_made_ms(directory_of(name)).has_value();
}

void DatabaseHost::create_after_request(const std::string& name) {
  std::lock_guard lock(snapshots_mutex_);
  if (exists(name)) {
    throw already_exists(name);
  }
  Work& work = work_of_this_request();
  work.kind = Work::Kind::kTake;
  work.name = name;
}

void DatabaseHost::reset_after_request(const std::string& name) {
  std::lock_guard lock(snapshots_mutex_);
  if (!exists(name)) {
    throw not_found(name);
  }
  Work& work = work_of_this_request();
  work.kind = Work::Kind::kPutBack;
  work.name = name;
}

std::vector<api::DatabaseSnapshotInfo> DatabaseHost::list() const {
  std::lock_guard lock(snapshots_mutex_);
  std::vector<api::DatabaseSnapshotInfo> snapshots;
  for (const std::string& name : database_.list_directory(settings_.data_dir + "/snapshots")) {
    // A directory without its stamp is one a kill cut short: not a snapshot.
    if (auto made = database_.image_made_ms(directory_of(name))) {
      snapshots.push_back({name, *made});
    }
  }
  std::sort(snapshots.begin(), snapshots.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return snapshots;
}

void DatabaseHost::remove(const std::string& name) {
  std::lock_guard lock(snapshots_mutex_);
  if (!exists(name)) {
    throw not_found(name);
  }
  database_.remove_directory(directory_of(name));
}

// Called alone (no request in flight).
void DatabaseHost::take(const std::string& name) {
  std::lock_guard lock(snapshots_mutex_);
  if (exists(name)) {  // taken by a request that came just before
    throw already_exists(name);
  }
  const std::string dir = directory_of(name);
  database_.remove_directory(dir);  // what a kill left of an earlier try
  // The services' background work (recovery bases, exports, TTL) changes the store and the
  // trees beside it: it stops while the image is taken, so that the image is one moment.
  services_.reset();
  try {
    database_.write_image(dir, database_side_dirs(), now_ms());
  } catch (...) {
    database_.remove_directory(dir);
    rebuild_services();
    throw;
  }
  rebuild_services();
}

// Called alone (no request in flight).
void DatabaseHost::put_back(const std::string& name) {
  std::lock_guard lock(snapshots_mutex_);
  if (!exists(name)) {  // deleted by a request that came just before
    throw not_found(name);
  }
  // The services hold the store's snapshots and transactions, and their background work
  // writes to it: all of it ends before the store closes.
  services_.reset();
  try {
    database_.reset_to_image(directory_of(name), database_side_dirs());
  } catch (const std::exception& e) {
    // The store is open again, on the database as it was (or as the image, if the reset
    // got far enough to finish from it): the server goes on.
    std::cerr << "cairn: the reset to " << name << " failed: " << e.what() << std::endl;
    rebuild_services();
    throw;
  }
  rebuild_services();
}

void DatabaseHost::rebuild_services() {
  try {
    if (!database_.is_open()) throw std::runtime_error("the store could not be opened");
    services_ = std::make_unique<Services>(database_, settings_, this);
  } catch (const std::exception& e) {
    // Nothing can serve a request now; a start finishes what a reset left (the marker).
    std::cerr << "cairn: cannot open the database again after a reset, stopping: " << e.what()
              << std::endl;
    std::quick_exit(1);
  }
}

}  // namespace cairn::server
