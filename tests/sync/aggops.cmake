# Operations of the aggregator (issue 9): metrics, backup/restore under load, key rotation,
# certificate reload. Real lp-aggregator processes over loopback TLS.
lp_add_test(aggops_e2e
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/aggops_test.cpp
  LIBS lp::aggregator lp::sync_client lp_aggregator_test_support
  LABELS e2e)
add_dependencies(lp_aggops_e2e_tests lp-aggregator)
