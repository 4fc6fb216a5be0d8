/*
 * Linked only into the sanitizer build of the whole stage (mvn -Psanitize-stage): the broker
 * starts the stage with an empty environment, so ASAN_OPTIONS cannot reach it. No leak check:
 * the zygote keeps its buffers to the end, and the container processes never return.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

const char *__ubsan_default_options(void)
{
    return "print_stacktrace=1";
}
