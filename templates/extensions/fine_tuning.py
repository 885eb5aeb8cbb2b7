"""`fine_tuning.create` with the official `together` SDK's convenience parameters (hand-written;
copied verbatim from togen's templates/extensions/fine_tuning.py).

The official SDK takes flat parameters (`lora=True, lora_r=16`, `lr_scheduler_type="linear"`,
`training_method="dpo", dpo_beta=0.2`) and builds the nested body of `POST /v1/fine-tunes`
(`training_type`, `lr_scheduler`, `training_method`); `fine_tuning_body` does the same mapping,
with the same local checks, and the generated `_create` sends it. Parameters the spec's body
does not describe but the official SDK sends (`gradient_accumulation_steps`, `early_stopping_*`)
go in `extra_body`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ..models import FineTuneModelLimits, FinetuneResponseTruncated
from ..resources import fine_tuning as generated

__all__ = [
    "AsyncFineTuning",
    "AsyncFineTuningWithRawResponse",
    "AsyncFineTuningWithStreamingResponse",
    "FineTuning",
    "FineTuningWithRawResponse",
    "FineTuningWithStreamingResponse",
]

TRAINING_METHODS = ("sft", "dpo")
NOT_IN_SPEC = (
    "gradient_accumulation_steps",
    "early_stopping_enabled",
    "early_stopping_patience",
    "early_stopping_min_delta",
    "early_stopping_warmup_evals",
)


def _check_range(name: str, value: float | None, low: float, high: float | None = None) -> None:
    if value is not None and (value < low or (high is not None and value > high)):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} should be {bound} (got {value})")


def fine_tuning_body(
    options: dict[str, Any], limits: FineTuneModelLimits | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(arguments of the generated `_create`, extra body) for the official parameters `options`,
    checked as the official SDK checks them. `limits` supplies the default LoRA rank."""
    o = dict(options)
    if o["model"] is None and o["from_checkpoint"] is None:
        raise ValueError("You must specify either a model or a checkpoint")
    if o["model"] is not None and o["from_checkpoint"] is not None:
        raise ValueError("You must specify either a model or a checkpoint to start a job from, not both")
    if o["from_checkpoint"] is not None and o["from_hf_model"] is not None:
        raise ValueError("You must specify either a Hugging Face Hub model or a checkpoint, not both")
    if o["from_hf_model"] is not None and o["model"] is None:
        raise ValueError("You must specify the base model to fine-tune a model from the Hugging Face Hub")
    method = o.pop("training_method")
    if method not in TRAINING_METHODS:
        raise ValueError(f"training_method must be one of {', '.join(TRAINING_METHODS)}")
    dpo = {k: o.pop(k) for k in ("dpo_beta", "dpo_normalize_logratios_by_length", "rpo_alpha", "simpo_gamma")}
    train_on_inputs = o.pop("train_on_inputs")
    if method != "sft" and train_on_inputs is not None:
        raise ValueError("train_on_inputs is only supported for SFT training")
    if method != "dpo" and any(dpo[k] for k in dpo):
        raise ValueError(f"{next(k for k in dpo if dpo[k])} is only supported for DPO training")
    _check_range("warmup_ratio", o["warmup_ratio"], 0, 1)
    _check_range("min_lr_ratio", o["min_lr_ratio"], 0, 1)
    _check_range("max_grad_norm", o["max_grad_norm"], 0)
    _check_range("weight_decay", o["weight_decay"], 0)
    _check_range("rpo_alpha", dpo["rpo_alpha"], 0)
    _check_range("simpo_gamma", dpo["simpo_gamma"], 0)

    lora = o.pop("lora")
    lora_options = {k: o.pop(k) for k in ("lora_r", "lora_alpha", "lora_dropout", "lora_trainable_modules")}
    if lora:
        dropout = lora_options["lora_dropout"] or 0.0
        if not 0 <= dropout < 1:
            raise ValueError("LoRA dropout must be in [0, 1) range.")
        rank = lora_options["lora_r"]
        if rank is None:
            rank = getattr(limits.lora_training, "default_rank", None) if limits else None
            if rank is None:
                raise ValueError("lora_r: the model's limits name no default LoRA rank; pass lora_r")
        alpha = lora_options["lora_alpha"]
        o["training_type"] = {
            "type": "Lora",
            "lora_r": rank,
            "lora_alpha": int(alpha if alpha is not None else rank * 2),
            "lora_dropout": dropout,
            "lora_trainable_modules": lora_options["lora_trainable_modules"] or "all-linear",
        }
    elif lora is not None:
        o["training_type"] = {"type": "Full"}

    scheduler = o.pop("lr_scheduler_type")
    cycles = o.pop("scheduler_num_cycles")
    min_lr_ratio = o.pop("min_lr_ratio")
    if scheduler == "cosine":
        if cycles <= 0:
            raise ValueError(f"Number of cycles should be greater than 0 (got {cycles})")
        o["lr_scheduler"] = {
            "lr_scheduler_type": "cosine",
            "lr_scheduler_args": {"min_lr_ratio": min_lr_ratio, "num_cycles": cycles},
        }
    else:
        o["lr_scheduler"] = {
            "lr_scheduler_type": "linear",
            "lr_scheduler_args": {"min_lr_ratio": min_lr_ratio},
        }

    if method == "sft":
        o["training_method"] = {
            "method": "sft",
            "train_on_inputs": "auto" if train_on_inputs is None else train_on_inputs,
        }
    else:
        simpo = dpo["simpo_gamma"] is not None and dpo["simpo_gamma"] > 0
        o["training_method"] = {
            "method": "dpo",
            **{k: v for k, v in dpo.items() if v is not None},
            "dpo_normalize_logratios_by_length": dpo["dpo_normalize_logratios_by_length"] or simpo,
            "dpo_reference_free": simpo,
        }
    if o.pop("train_vision"):
        o["multimodal_params"] = {"train_vision": True}
    o["learning_rate"] = o["learning_rate"] or 0.00001
    o["weight_decay"] = o["weight_decay"] or 0.0
    o["warmup_ratio"] = o["warmup_ratio"] or 0.0
    o["validation_file"] = o["validation_file"] or None
    extra = {k: v for k in NOT_IN_SPEC if (v := o.pop(k)) not in (None, False)}
    body = {k: v for k, v in o.items() if v is not None}
    return body, extra


def _needs_limits(lora: bool | None, lora_r: int | None) -> bool:
    return bool(lora) and lora_r is None


class FineTuning(generated.FineTuning):
    @cached_property
    def with_raw_response(self) -> FineTuningWithRawResponse:
        return FineTuningWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> FineTuningWithStreamingResponse:
        return FineTuningWithStreamingResponse(self)

    def create(
        self,
        *,
        training_file: str,
        model: str | None = None,
        n_epochs: int = 1,
        validation_file: str | None = "",
        packing: bool = True,
        max_seq_length: int | None = None,
        n_evals: int | None = 0,
        n_checkpoints: int | None = 1,
        batch_size: int | Literal["max"] = "max",
        gradient_accumulation_steps: int | None = None,
        learning_rate: float | None = 0.00001,
        lr_scheduler_type: Literal["linear", "cosine"] = "cosine",
        min_lr_ratio: float = 0.0,
        scheduler_num_cycles: float = 0.5,
        warmup_ratio: float = 0.0,
        max_grad_norm: float = 1.0,
        weight_decay: float = 0.0,
        lora: bool | None = None,
        lora_r: int | None = None,
        lora_dropout: float | None = 0,
        lora_alpha: float | None = None,
        lora_trainable_modules: str | None = "all-linear",
        train_vision: bool = False,
        suffix: str | None = None,
        wandb_api_key: str | None = None,
        wandb_base_url: str | None = None,
        wandb_project_name: str | None = None,
        wandb_name: str | None = None,
        wandb_entity: str | None = None,
        random_seed: int | None = None,
        early_stopping_enabled: bool = False,
        early_stopping_patience: int | None = None,
        early_stopping_min_delta: float | None = None,
        early_stopping_warmup_evals: int | None = None,
        verbose: bool = False,
        model_limits: FineTuneModelLimits | None = None,
        train_on_inputs: bool | Literal["auto"] | None = None,
        training_method: str = "sft",
        dpo_beta: float | None = None,
        dpo_normalize_logratios_by_length: bool = False,
        rpo_alpha: float | None = None,
        simpo_gamma: float | None = None,
        from_checkpoint: str | None = None,
        from_hf_model: str | None = None,
        hf_model_revision: str | None = None,
        hf_api_token: str | None = None,
        hf_output_repo_name: str | None = None,
    ) -> FinetuneResponseTruncated:
        """Start a fine-tuning job; the parameters are the official SDK's (see `fine_tuning_body`).

        With `lora=True` and no `lora_r`, the model's limits (`model_limits`, else fetched) give
        the default rank. `verbose=True` prints the request body before it is sent.
        """
        options = dict(locals())
        del options["self"], options["verbose"], options["model_limits"]
        if model_limits is None and _needs_limits(lora, lora_r):
            model_limits = self.model_limits(model_name=str(model or from_checkpoint).split(":")[0])
        body, extra = fine_tuning_body(options, model_limits)
        if verbose:
            print("Submitting a fine-tuning job with the following parameters:", body | extra)
        return self._create(**body, extra_body=extra or None)


class AsyncFineTuning(generated.AsyncFineTuning):
    @cached_property
    def with_raw_response(self) -> AsyncFineTuningWithRawResponse:
        return AsyncFineTuningWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncFineTuningWithStreamingResponse:
        return AsyncFineTuningWithStreamingResponse(self)

    async def create(
        self,
        *,
        training_file: str,
        model: str | None = None,
        n_epochs: int = 1,
        validation_file: str | None = "",
        packing: bool = True,
        max_seq_length: int | None = None,
        n_evals: int | None = 0,
        n_checkpoints: int | None = 1,
        batch_size: int | Literal["max"] = "max",
        gradient_accumulation_steps: int | None = None,
        learning_rate: float | None = 0.00001,
        lr_scheduler_type: Literal["linear", "cosine"] = "cosine",
        min_lr_ratio: float = 0.0,
        scheduler_num_cycles: float = 0.5,
        warmup_ratio: float = 0.0,
        max_grad_norm: float = 1.0,
        weight_decay: float = 0.0,
        lora: bool | None = None,
        lora_r: int | None = None,
        lora_dropout: float | None = 0,
        lora_alpha: float | None = None,
        lora_trainable_modules: str | None = "all-linear",
        train_vision: bool = False,
        suffix: str | None = None,
        wandb_api_key: str | None = None,
        wandb_base_url: str | None = None,
        wandb_project_name: str | None = None,
        wandb_name: str | None = None,
        wandb_entity: str | None = None,
        random_seed: int | None = None,
        early_stopping_enabled: bool = False,
        early_stopping_patience: int | None = None,
        early_stopping_min_delta: float | None = None,
        early_stopping_warmup_evals: int | None = None,
        verbose: bool = False,
        model_limits: FineTuneModelLimits | None = None,
        train_on_inputs: bool | Literal["auto"] | None = None,
        training_method: str = "sft",
        dpo_beta: float | None = None,
        dpo_normalize_logratios_by_length: bool = False,
        rpo_alpha: float | None = None,
        simpo_gamma: float | None = None,
        from_checkpoint: str | None = None,
        from_hf_model: str | None = None,
        hf_model_revision: str | None = None,
        hf_api_token: str | None = None,
        hf_output_repo_name: str | None = None,
    ) -> FinetuneResponseTruncated:
        """Start a fine-tuning job; see `FineTuning.create`."""
        options = dict(locals())
        del options["self"], options["verbose"], options["model_limits"]
        if model_limits is None and _needs_limits(lora, lora_r):
            model_limits = await self.model_limits(model_name=str(model or from_checkpoint).split(":")[0])
        body, extra = fine_tuning_body(options, model_limits)
        if verbose:
            print("Submitting a fine-tuning job with the following parameters:", body | extra)
        return await self._create(**body, extra_body=extra or None)


# The raw and streamed variants of `create`: its parameters and local checks (and the model
# limits it may read, parsed), the response of `POST /v1/fine-tunes` (`extension=True` in _response.py).
class FineTuningWithRawResponse(generated.FineTuningWithRawResponse):
    def __init__(self, resource: FineTuning) -> None:
        super().__init__(resource)
        self.create = to_raw_response_wrapper(resource.create, extension=True)


class FineTuningWithStreamingResponse(generated.FineTuningWithStreamingResponse):
    def __init__(self, resource: FineTuning) -> None:
        super().__init__(resource)
        self.create = to_streamed_response_wrapper(resource.create, extension=True)


class AsyncFineTuningWithRawResponse(generated.AsyncFineTuningWithRawResponse):
    def __init__(self, resource: AsyncFineTuning) -> None:
        super().__init__(resource)
        self.create = async_to_raw_response_wrapper(resource.create, extension=True)


class AsyncFineTuningWithStreamingResponse(generated.AsyncFineTuningWithStreamingResponse):
    def __init__(self, resource: AsyncFineTuning) -> None:
        super().__init__(resource)
        self.create = async_to_streamed_response_wrapper(resource.create, extension=True)
