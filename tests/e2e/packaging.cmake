# Packaging (tests/e2e/packaging_install.sh): cpack builds the three .deb files from this build
# dir, dpkg installs them into a temporary root, and the installed files, user, permissions,
# units and binaries are checked. Registered unconditionally: with the binaries missing it fails.
add_test(NAME "e2e: packages install into a clean root"
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/packaging_install.sh ${CMAKE_BINARY_DIR})
set_tests_properties("e2e: packages install into a clean root" PROPERTIES
  LABELS "e2e;packaging" TIMEOUT 240 ENVIRONMENT "TMPDIR=${CMAKE_BINARY_DIR}")
