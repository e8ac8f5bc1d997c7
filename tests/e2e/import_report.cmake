# lp-aggregator import-report with inspection reports' text and the --help list.
if(TARGET lp-aggregator AND TARGET lp_dashboard)
  add_test(NAME "e2e: import-report reads inspection report text"
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/import_report_cli.sh $<TARGET_FILE:lp-aggregator> ${CMAKE_SOURCE_DIR})
  set_tests_properties("e2e: import-report reads inspection report text" PROPERTIES TIMEOUT 60 LABELS "e2e;dashboard")
endif()
