#include "engine/engine.h"

#include "storage/kv_store.h"

namespace cairn::engine {

void Engine::make_durable() {
  store_.make_durable();
}

}  // namespace cairn::engine
