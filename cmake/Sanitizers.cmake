# -DFOLLOWUP_SANITIZE=ON: AddressSanitizer and UndefinedBehaviorSanitizer,
# failing hard on the first report so ctest sees it.
add_library(followup_sanitizers INTERFACE)
if(FOLLOWUP_SANITIZE)
  target_compile_options(followup_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(followup_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
