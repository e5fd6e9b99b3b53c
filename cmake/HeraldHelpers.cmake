# herald_add_library(<name> ALIAS <Herald::Name> EXPORT_HEADER <herald/x_export.h>
#                    SOURCES ... PUBLIC_LIBS ... PRIVATE_LIBS ...)
# Turns one folder into a shared, namespaced library: public headers live in
# <folder>/include/herald and are installed as <herald/...>; everything else
# stays private to the library.
include(GenerateExportHeader)
include(CMakePackageConfigHelpers)

function(herald_add_library name)
    cmake_parse_arguments(ARG "" "ALIAS;EXPORT_MACRO;EXPORT_HEADER" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    add_library(${name} SHARED ${ARG_SOURCES})
    add_library(${ARG_ALIAS} ALIAS ${name})
    string(REPLACE "Herald::" "" export_name "${ARG_ALIAS}")
    set_target_properties(${name} PROPERTIES
        EXPORT_NAME ${export_name}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR}
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    generate_export_header(${name}
        BASE_NAME ${name}
        EXPORT_MACRO_NAME ${ARG_EXPORT_MACRO}
        EXPORT_FILE_NAME ${CMAKE_CURRENT_BINARY_DIR}/include/${ARG_EXPORT_HEADER})
    target_include_directories(${name} PUBLIC
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
        $<BUILD_INTERFACE:${CMAKE_CURRENT_BINARY_DIR}/include>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_definitions(${name} PRIVATE QT_NO_CONTEXTLESS_CONNECT)
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS} PRIVATE ${ARG_PRIVATE_LIBS})
    install(TARGETS ${name} EXPORT HeraldTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT libherald NAMELINK_COMPONENT libherald-dev
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT libherald-dev
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT libherald)
    install(DIRECTORY include/herald ${CMAKE_CURRENT_BINARY_DIR}/include/herald
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT libherald-dev)
endfunction()

# herald_add_test(<name> SOURCES ... LIBS ... LABELS ... [GUI] [TIMEOUT s])
# One executable per class or feature, registered with ctest under its labels.
function(herald_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin/tests)
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
        QT_NO_CONTEXTLESS_CONNECT
        HERALD_BIN_DIR="${PROJECT_BINARY_DIR}/bin"
        HERALD_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set(env ${ARG_ENVIRONMENT})
    if(ARG_GUI)
        list(APPEND env QT_QPA_PLATFORM=offscreen)
    endif()
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
    if(env)
        set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}")
    endif()
endfunction()
