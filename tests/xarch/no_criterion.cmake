# SPDX-License-Identifier: MIT
# Included by tests/CMakeLists.txt when a cross build's sysroot has no
# criterion: Debian builds none for riscv64 (docs/xarch.md says why it is
# not built from source here). The unit tests written with criterion are
# then still registered, each running a program that says so and exits 77,
# so that the guest's ctest reports them skipped with the reason instead
# of leaving them out.
add_library(PkgConfig::CRITERION INTERFACE IMPORTED)
set(XARCH_NO_CRITERION_SOURCE ${CMAKE_CURRENT_LIST_DIR}/no_criterion.c)

# Whether target links criterion, directly or through its libraries.
function(xarch_links_criterion target out)
	set(${out} FALSE PARENT_SCOPE)
	if(NOT TARGET ${target})
		return()
	endif()
	get_target_property(type ${target} TYPE)
	if(type STREQUAL "INTERFACE_LIBRARY")
		get_target_property(libs ${target} INTERFACE_LINK_LIBRARIES)
	else()
		get_target_property(libs ${target} LINK_LIBRARIES)
	endif()
	foreach(lib ${libs})
		if(lib STREQUAL "PkgConfig::CRITERION")
			set(${out} TRUE PARENT_SCOPE)
			return()
		endif()
		if(TARGET ${lib} AND NOT lib MATCHES "^PkgConfig::")
			xarch_links_criterion(${lib} sub)
			if(sub)
				set(${out} TRUE PARENT_SCOPE)
				return()
			endif()
		endif()
	endforeach()
endfunction()

# add_test() as usual; a test whose program links criterion gets the
# stand-in program and SKIP_RETURN_CODE 77. A function runs in its
# caller's directory, so set_tests_properties() reaches the test.
function(add_test)
	_add_test(${ARGN})
	cmake_parse_arguments(T "" "NAME" "COMMAND" ${ARGN})
	if(NOT T_NAME OR NOT T_COMMAND)
		return()
	endif()
	list(GET T_COMMAND 0 program)
	xarch_links_criterion("${program}" uses)
	if(NOT uses)
		return()
	endif()
	set_property(TARGET ${program} PROPERTY SOURCES
		${XARCH_NO_CRITERION_SOURCE})
	set_property(TARGET ${program} PROPERTY LINK_LIBRARIES "")
	set_property(TARGET ${program} PROPERTY INCLUDE_DIRECTORIES "")
	target_compile_definitions(${program} PRIVATE
		XARCH_ARCH="${CMAKE_SYSTEM_PROCESSOR}")
	set_tests_properties(${T_NAME} PROPERTIES SKIP_RETURN_CODE 77)
endfunction()
