package io.waitless.prompts;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a prompt build.
 *
 * @param prompts    one result per configured prompt, in build order
 * @param staleFiles clips in the prompt directory that no configured prompt owns any more; reported,
 *                   never deleted (a dialplan or queues.conf may still name them)
 */
public record BuildReport(List<PromptResult> prompts, List<Path> staleFiles) {
    public BuildReport {
        prompts = List.copyOf(prompts);
        staleFiles = List.copyOf(staleFiles);
    }

    public long renderedCount() {
        return prompts.stream().filter(PromptResult::rendered).count();
    }
}
