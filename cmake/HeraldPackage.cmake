# The installed package: `find_package(Herald REQUIRED COMPONENTS Client)`
# gives Herald::Client (likewise Protocol and Hub), and pkg-config files
# herald (everything) and herald-client (the client library) for builds
# that do not use CMake. Included last, once every exported target exists.
include(CMakePackageConfigHelpers)

set(HERALD_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Herald)

install(EXPORT HeraldTargets
    NAMESPACE Herald::
    FILE HeraldTargets.cmake
    DESTINATION ${HERALD_CMAKE_INSTALL_DIR}
    COMPONENT libherald-dev)

configure_package_config_file(
    ${CMAKE_CURRENT_LIST_DIR}/HeraldConfig.cmake.in
    ${PROJECT_BINARY_DIR}/package/HeraldConfig.cmake
    INSTALL_DESTINATION ${HERALD_CMAKE_INSTALL_DIR})
# 0.x: minor versions may break the API, so only the same minor matches.
write_basic_package_version_file(
    ${PROJECT_BINARY_DIR}/package/HeraldConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMinorVersion)
install(FILES
        ${PROJECT_BINARY_DIR}/package/HeraldConfig.cmake
        ${PROJECT_BINARY_DIR}/package/HeraldConfigVersion.cmake
    DESTINATION ${HERALD_CMAKE_INSTALL_DIR}
    COMPONENT libherald-dev)

# The .pc files find their prefix from where they are installed, so that
# `cmake --install --prefix <anywhere>` gives working files.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(HERALD_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _herald_up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
    string(REGEX REPLACE "/$" "" _herald_up "${_herald_up}")
    set(HERALD_PC_PREFIX "\${pcfiledir}/${_herald_up}")
endif()
foreach(dir LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
        set(HERALD_PC_${dir} "${CMAKE_INSTALL_${dir}}")
    else()
        set(HERALD_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
    endif()
endforeach()
foreach(pc herald herald-client)
    configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/package/${pc}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/package/${pc}.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT libherald-dev)
endforeach()
