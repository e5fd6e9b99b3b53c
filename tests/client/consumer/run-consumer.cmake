# Installs the build into a scratch prefix, then builds and runs consumers
# that see Herald only through that prefix: CMake's find_package (and its
# component check) and pkg-config (issue 3, "Packaging for users").
#
# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=...
#       -DCXX=... -P run-consumer.cmake

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})

run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(file include/herald/client.h include/herald/subscription.h include/herald/message.h
             include/herald/member.h include/herald/client_export.h)
    if(NOT EXISTS ${prefix}/${file})
        message(FATAL_ERROR "not installed: ${file}")
    endif()
endforeach()

# CMake package.
run("configure" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run("build" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run("run" ${WORK_DIR}/build/herald-consumer)
message(STATUS "cmake consumer: ${last_output}")

# Asking for a component the package does not have must fail.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build-bad -G ${GENERATOR}
                        -DCMAKE_PREFIX_PATH=${prefix} -DHERALD_EXTRA_COMPONENTS=Nope
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "Nope")
    message(FATAL_ERROR "find_package(Herald COMPONENTS Nope) did not fail:\n${err}")
endif()

# pkg-config.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB pcdirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
list(JOIN pcdirs ":" pcpath)
run("pkg-config" ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pcpath}
    ${PKG_CONFIG} --cflags --libs herald-client)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
list(GET pcdirs 0 pcdir)
get_filename_component(libdir ${pcdir} DIRECTORY)
# -fPIC: Qt 6 is built with -reduce-relocations and insists on it.
run("pkg-config build" ${CXX} -std=c++17 -fPIC ${SOURCE_DIR}/main_pkgconfig.cpp ${flags}
    -Wl,-rpath,${libdir} -o ${WORK_DIR}/herald-consumer-pc)
run("pkg-config run" ${WORK_DIR}/herald-consumer-pc)
message(STATUS "pkg-config consumer: ${last_output}")
