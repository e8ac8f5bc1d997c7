# Scale-out storage for lp_aggregator: the PostgreSQL store (libpqxx), the store factory that
# picks SQLite or PostgreSQL from the `store` config value, and migrate / migrate-store.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
target_sources(lp_aggregator PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/pg_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/pg_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/pg_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/store_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/store_copy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/store_factory.cpp
)
target_link_libraries(lp_aggregator PRIVATE PkgConfig::PQXX nlohmann_json::nlohmann_json)
