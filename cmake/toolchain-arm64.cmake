# toolchain-arm64.cmake: cross-build for arm64 (Raspberry Pi class boards) with Debian's cross
# toolchain (crossbuild-essential-arm64) against arm64 multiarch libraries
# (`dpkg --add-architecture arm64`, libfoo-dev:arm64). Tests run under qemu-user-static.
# Used by `tools/lp package --arch arm64` together with -DLP_KIOSK_ONLY=ON.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(lp_triplet aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${lp_triplet}-gcc)
set(CMAKE_CXX_COMPILER ${lp_triplet}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${lp_triplet})

# Headers are shared across architectures in /usr/include; libraries and .pc files live in the
# multiarch directories, so only those are searched for the target.
set(CMAKE_FIND_ROOT_PATH /usr/${lp_triplet})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config for the target: only arm64 and architecture-independent .pc files.
set(PKG_CONFIG_EXECUTABLE /usr/bin/pkg-config CACHE FILEPATH "")
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${lp_triplet}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Test executables (and doctest's test discovery at build time) run through user-mode qemu; the
# arm64 loader and libraries are found in the multiarch paths, so no -L sysroot is needed.
find_program(LP_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${LP_QEMU_AARCH64})
