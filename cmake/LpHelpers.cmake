# lp_set_warnings(target): our warning list, PRIVATE, on our own targets only.
function(lp_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(LP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_features(${target} PUBLIC cxx_std_17)
endfunction()

# lp_add_test(module SOURCES... [LIBS ...]): builds lp_<module>_tests from doctest sources and
# registers each TEST_CASE with CTest by name.
function(lp_add_test module)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  set(exe lp_${module}_tests)
  add_executable(${exe} ${CMAKE_SOURCE_DIR}/tests/doctest_main.cpp ${ARG_SOURCES})
  target_link_libraries(${exe} PRIVATE doctest::doctest ${ARG_LIBS})
  target_compile_definitions(${exe} PRIVATE
    LP_SOURCE_DIR="${CMAKE_SOURCE_DIR}" LP_BINARY_DIR="${CMAKE_BINARY_DIR}")
  lp_set_warnings(${exe})
  set(labels ${module})
  if(ARG_LABELS)
    list(APPEND labels ${ARG_LABELS})
  endif()
  doctest_discover_tests(${exe} TEST_PREFIX "${module}: ")
  # doctest_discover_tests would split a list of labels into separate properties, so the labels
  # are set by a file CTest reads right after the discovered list (${exe}_TESTS).
  # Tests labelled pg print "SKIP: PostgreSQL …" and end when PostgreSQL is missing
  # (PgServer::shared_or_skip): CTest then reports them skipped, not passed.
  set(skip "")
  if("pg" IN_LIST labels)
    set(skip " SKIP_REGULAR_EXPRESSION \"SKIP: PostgreSQL\"")
  endif()
  # A name CTest could not pass back to doctest intact runs no test case and would pass silently:
  # "test cases: 0" fails it instead.
  set(label_file "${CMAKE_CURRENT_BINARY_DIR}/${exe}_labels.cmake")
  file(WRITE "${label_file}"
    "if(DEFINED ${exe}_TESTS)\n  set_tests_properties(\${${exe}_TESTS} PROPERTIES LABELS \"${labels}\"${skip}"
    " FAIL_REGULAR_EXPRESSION \"test cases: +0 [|]\")\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${label_file}")
endfunction()
