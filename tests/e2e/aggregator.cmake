# End-to-end tests of lp-aggregator that are scripts: the command line, and a bounded libFuzzer
# run of the batch decoder (clang, tests/fuzz/). The C++ end-to-end tests (real server over
# TLS, hardening attacks, kill -9 crash loop) are lp_aggregator_e2e_tests in tests/sync/.
add_test(NAME "aggregator: command line" COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/aggregator_cli.sh
         ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties("aggregator: command line" PROPERTIES LABELS "aggregator;e2e" TIMEOUT 120)

find_program(LP_CLANGXX clang++)
if(LP_CLANGXX)
  add_test(NAME "aggregator: fuzz batch decoder (60 s)"
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/fuzz/run_batch_decoder_fuzz.sh
                   ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR} 60)
  set_tests_properties("aggregator: fuzz batch decoder (60 s)" PROPERTIES LABELS "aggregator;fuzz" TIMEOUT 400)
endif()
